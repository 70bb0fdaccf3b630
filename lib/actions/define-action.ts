import { headers } from "next/headers";
import { z } from "zod";
import { recordAudit, userActor, type AuditActor } from "../audit/record-audit";
import { can, type Capability } from "../auth/roles";
import { getSessionUser, type SessionUser } from "../auth/session";
import { AppError, ForbiddenError, UnauthorizedError, type FieldErrors } from "../errors";
import { logger as rootLogger } from "../log/logger";
import { requestIdFrom, runWithRequestId } from "../log/request-context";
import { zodFieldErrors } from "../validation/field-errors";
import type { ActionResult } from "./action-result";

// The app's logger, so an action's lines carry the request id like an API route's do.
const logger = rootLogger.child({ component: "dashboard-action" });

/** The proxy's x-request-id for the POST that invoked the action (proxy.ts sets it on every request). */
async function actionRequestId(): Promise<string> {
  let header: string | null = null;
  try {
    header = (await headers()).get("x-request-id");
  } catch {
    // Outside a request (a script, a test calling the action directly): a fresh id.
  }
  return requestIdFrom(header);
}

export interface ActionContext {
  user: SessionUser;
  actor: AuditActor;
  /** Writes an audit_logs row in the user's org, attributed to the user. */
  audit(action: string, targetType: string, targetId?: string | null, details?: Record<string, unknown>): Promise<void>;
  /** Reports rows done so far; a no-op unless the caller streams progress (bulk routes). */
  progress: (done: number) => void;
}

export interface RunExtras {
  onProgress?: (done: number) => void;
}

export interface ActionDefinition<S extends z.ZodType> {
  /** Unique, `<area>.<verb>` (e.g. "deliveries.retry"); it is also the audit action name. */
  name: string;
  /** The trust level: the role check runs before the input is even parsed. */
  capability: Capability;
  input: S;
}

/**
 * The body of an action for an explicit user: role check, input parsing, error mapping. The
 * exported server action resolves the user from the session and calls this; tests call it with
 * users from their fixtures to prove the same checks without a browser.
 */
export type ActionRunner<R> = (
  user: SessionUser | null,
  input: unknown,
  extras?: RunExtras,
) => Promise<ActionResult<R>>;

export type ServerAction<S extends z.ZodType, R> = ((input: z.input<S>) => Promise<ActionResult<R>>) & {
  readonly actionName: string;
  readonly capability: Capability;
  readonly run: ActionRunner<R>;
};

export interface RegisteredAction {
  name: string;
  capability: Capability;
  run: (user: SessionUser | null, input: unknown, extras?: RunExtras) => Promise<ActionResult<unknown>>;
}

// Filled as action modules load; actions/registry.ts imports every one of them so an
// authorization matrix can enumerate the whole set.
const registry = new Map<string, RegisteredAction>();

export function registeredActions(): RegisteredAction[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Only AppErrors carry a message meant for people; anything else is logged and made generic. */
export function toActionFailure(error: unknown, actionName: string): ActionResult<never> {
  if (error instanceof z.ZodError) {
    return {
      ok: false,
      error: "Some fields are not valid",
      code: "validation_failed",
      fieldErrors: zodFieldErrors(error),
    };
  }
  if (error instanceof AppError) {
    const fieldErrors = "fieldErrors" in error ? (error.fieldErrors as FieldErrors) : undefined;
    return {
      ok: false,
      error: error.message,
      code: error.code,
      ...(fieldErrors && Object.keys(fieldErrors).length ? { fieldErrors } : {}),
    };
  }
  logger.error({ err: error, action: actionName }, "server action failed");
  return { ok: false, error: "Something went wrong. The error was logged; try again.", code: "internal" };
}

export function defineAction<S extends z.ZodType, R>(
  definition: ActionDefinition<S>,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<R>,
): ServerAction<S, R> {
  const { name, capability, input: schema } = definition;

  const run: ActionRunner<R> = async (user, rawInput, extras) => {
    try {
      if (!user) throw new UnauthorizedError();
      if (!can(user.role, capability)) throw new ForbiddenError();
      const parsed = schema.safeParse(rawInput);
      if (!parsed.success) {
        return {
          ok: false,
          error: "Some fields are not valid",
          code: "validation_failed",
          fieldErrors: zodFieldErrors(parsed.error),
        };
      }
      const actor = userActor(user);
      const ctx: ActionContext = {
        user,
        actor,
        audit: (action, targetType, targetId, details) =>
          recordAudit({ orgId: user.orgId, actor, action, targetType, targetId, details }),
        progress: extras?.onProgress ?? (() => {}),
      };
      return { ok: true, data: await handler(parsed.data, ctx) };
    } catch (error) {
      return toActionFailure(error, name);
    }
  };

  const action = async (input: z.input<S>): Promise<ActionResult<R>> =>
    runWithRequestId(await actionRequestId(), async () => {
      let user: SessionUser | null;
      try {
        user = await getSessionUser();
      } catch (error) {
        return toActionFailure(error, name);
      }
      return run(user, input);
    });
  // Re-registering replaces: dev-mode hot reload evaluates an action module again.
  registry.set(name, { name, capability, run: run as RegisteredAction["run"] });
  return Object.assign(action, { actionName: name, capability, run });
}
