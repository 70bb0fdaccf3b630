import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request an API route is handling, for the logger: every line written while it runs —
 * by the route, or by any lib/ module it calls, however deep — carries its id without the id
 * being passed down. AsyncLocalStorage follows the request through awaits and callbacks.
 */
const requestContext = new AsyncLocalStorage<{ requestId: string }>();

// The id comes from a header a client can also send; bound it so it cannot bloat every line.
const MAX_REQUEST_ID_LENGTH = 128;

/** The proxy's x-request-id (see proxy.ts), or a fresh one for a request that came another way. */
export function requestIdOf(request: Request): string {
  return requestIdFrom(request.headers.get("x-request-id"));
}

/** An x-request-id header's value, bounded, or a fresh id when there is none. */
export function requestIdFrom(header: string | null | undefined): string {
  const given = header?.trim();
  return given ? given.slice(0, MAX_REQUEST_ID_LENGTH) : crypto.randomUUID();
}

export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return requestContext.run({ requestId }, work);
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
