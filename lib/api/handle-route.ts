import { ZodError } from "zod";
import type { ApiKeyScope } from "../api-keys/api-key-scopes";
import { AppError, RateLimitedError, UnauthorizedError, ValidationError, type FieldErrors } from "../errors";
import { assertApiRateLimit } from "../rate-limit/api-limits";
import { authenticateApiKey, type ApiPrincipal } from "./authenticate-api-key";
import { sqlState } from "../db/sql-state";
import { isDatabaseUnavailable } from "./database-unavailable";
import { zodFieldErrors } from "../validation/field-errors";
import { requireApiScope } from "./require-api-scope";
import { logger } from "../log/logger";
import { requestIdOf, runWithRequestId } from "../log/request-context";

const log = logger.child({ component: "api" });

export interface RouteContext<P> {
  params: Promise<P>;
}

type Handler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;

/**
 * The one error body of /api/v1 (the OpenAPI document's `Error` schema): a stable `code` to
 * branch on, a `message` for people, and `field_errors` (field path → messages) whenever the
 * problem is with particular fields of the request.
 */
export interface ApiErrorBody {
  code: string;
  message: string;
  field_errors?: FieldErrors;
}

export function apiError(status: number, body: ApiErrorBody, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}

/**
 * The one place API errors become responses: known errors keep their status and message,
 * zod errors become 400 with field errors, an unreachable database is 503, and anything else
 * is logged and answered with a generic 500 so internals never reach the client.
 */
export function errorResponse(error: unknown, request?: Request): Response {
  if (error instanceof ZodError) {
    return apiError(400, {
      code: "validation_failed",
      message: "Invalid request",
      field_errors: zodFieldErrors(error, { rootKey: "body" }),
    });
  }
  if (error instanceof ValidationError) {
    return apiError(400, { code: error.code, message: error.message, field_errors: error.fieldErrors });
  }
  if (error instanceof RateLimitedError) {
    return apiError(
      429,
      { code: error.code, message: error.message },
      { "Retry-After": String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof UnauthorizedError) {
    return apiError(
      401,
      { code: error.code, message: error.message },
      { "WWW-Authenticate": 'Bearer realm="hookline"' },
    );
  }
  if (error instanceof AppError) {
    return apiError(error.status, { code: error.code, message: error.message });
  }
  // SQLSTATE class 22 (data exception: a value PostgreSQL cannot take, such as an impossible
  // date) comes from input that slipped past validation. It is the client's value, not our
  // failure — a 400, logged so the missing validation gets added.
  if (sqlState(error)?.startsWith("22")) {
    log.warn(
      { err: error, method: request?.method, path: request ? pathOf(request) : undefined },
      "data exception from input that passed validation",
    );
    return apiError(400, { code: "invalid_value", message: "A value in the request is not acceptable" });
  }
  if (isDatabaseUnavailable(error)) {
    log.warn(
      { err: error, method: request?.method, path: request ? pathOf(request) : undefined },
      "database unavailable",
    );
    return apiError(
      503,
      { code: "unavailable", message: "Service temporarily unavailable; retry shortly" },
      { "Retry-After": "5" },
    );
  }
  log.error(
    { err: error, method: request?.method, path: request ? pathOf(request) : undefined },
    "unhandled error in API route",
  );
  return apiError(500, { code: "internal", message: "Internal server error" });
}

/**
 * Runs an API route with its request id in context, so every log line written while it runs
 * (here, in errorResponse, or in any lib/ module it calls) carries `requestId`. One debug line
 * per request records the answer.
 */
export function handleRoute<P = Record<string, never>>(handler: Handler<P>): Handler<P> {
  return (request, context) =>
    runWithRequestId(requestIdOf(request), async () => {
      const started = performance.now();
      let response: Response;
      try {
        response = await handler(request, context);
      } catch (error) {
        response = errorResponse(error, request);
      }
      if (log.isLevelEnabled("debug"))
        log.debug(
          {
            method: request.method,
            path: pathOf(request),
            status: response.status,
            durationMs: Math.round(performance.now() - started),
          },
          "api request",
        );
      return response;
    });
}

/** The path only: a query string may hold values that do not belong in logs. */
function pathOf(request: Request): string {
  try {
    return new URL(request.url).pathname;
  } catch {
    return "";
  }
}

export interface ApiCall<P> {
  request: Request;
  principal: ApiPrincipal;
  params: P;
}

/**
 * An API route that needs a key with `scope`: API key auth (401), the scope (403), then the
 * handler, with errors mapped as above. The OpenAPI document states each operation's scope
 * (`x-required-scope`), and tests/api/contract.test.ts holds the two together.
 */
export function apiRoute<P = Record<string, never>>(
  scope: ApiKeyScope,
  handler: (call: ApiCall<P>) => Promise<Response>,
): Handler<P> {
  return handleRoute<P>(async (request, context) => {
    const principal = await authenticateApiKey(request);
    requireApiScope(principal, scope);
    await assertApiRateLimit("manage", principal.apiKeyId);
    const params = context?.params ? await context.params : ({} as P);
    return handler({ request, principal, params });
  });
}

/** JSON with ISO dates (Response.json already does this) and an explicit status. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}
