import { ZodError } from "zod";
import { AppError, RateLimitedError, UnauthorizedError, ValidationError } from "../errors";
import { authenticateApiKey, type ApiPrincipal } from "./authenticate-api-key";
import { isDatabaseUnavailable } from "./database-unavailable";
import { zodFieldErrors } from "./field-errors";
import { logger } from "../log/logger";
import { requestIdOf, runWithRequestId } from "../log/request-context";

const log = logger.child({ component: "api" });

export interface RouteContext<P> {
  params: Promise<P>;
}

type Handler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;

/**
 * The one place API errors become responses: known errors keep their status and message,
 * zod errors become 400 with field errors, an unreachable database is 503, and anything else
 * is logged and answered with a generic 500 so internals never reach the client.
 */
export function errorResponse(error: unknown, request?: Request): Response {
  if (error instanceof ZodError) {
    return Response.json(
      { error: "Invalid request", code: "validation_failed", fieldErrors: zodFieldErrors(error) },
      { status: 400 },
    );
  }
  if (error instanceof ValidationError) {
    return Response.json({ error: error.message, code: error.code, fieldErrors: error.fieldErrors }, { status: 400 });
  }
  if (error instanceof RateLimitedError) {
    return Response.json(
      { error: error.message, code: error.code },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  if (error instanceof UnauthorizedError) {
    return Response.json(
      { error: error.message, code: error.code },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="hookline"' } },
    );
  }
  if (error instanceof AppError) {
    return Response.json({ error: error.message, code: error.code }, { status: error.status });
  }
  // SQLSTATE class 22 (data exception: a value PostgreSQL cannot take, such as an impossible
  // date) comes from input that slipped past validation. It is the client's value, not our
  // failure — a 400, logged so the missing validation gets added.
  if (typeof (error as { code?: unknown })?.code === "string" && (error as { code: string }).code.startsWith("22")) {
    log.warn(
      { err: error, method: request?.method, url: request?.url },
      "data exception from input that passed validation",
    );
    return Response.json({ error: "A value in the request is not acceptable", code: "invalid_value" }, { status: 400 });
  }
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: error, method: request?.method, url: request?.url }, "database unavailable");
    return Response.json(
      { error: "Service temporarily unavailable; retry shortly", code: "unavailable" },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  log.error({ err: error, method: request?.method, url: request?.url }, "unhandled error in API route");
  return Response.json({ error: "Internal server error", code: "internal" }, { status: 500 });
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

/** A management API route: API key auth, then the handler, with errors mapped as above. */
export function apiRoute<P = Record<string, never>>(handler: (call: ApiCall<P>) => Promise<Response>): Handler<P> {
  return handleRoute<P>(async (request, context) => {
    const principal = await authenticateApiKey(request);
    const params = context?.params ? await context.params : ({} as P);
    return handler({ request, principal, params });
  });
}

/** JSON with ISO dates (Response.json already does this) and an explicit status. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}
