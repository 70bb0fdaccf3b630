import { STATUS_CODES } from "node:http";
import { Agent, type Dispatcher } from "undici";
import { assertLiteralHostAllowed, DestinationAddressError, guardedLookup } from "./address-guard";
import { honoursRetryAfter, parseRetryAfter } from "./backoff";

/** How much of a response is kept; the rest is not read (the connection is dropped instead). */
export const RESPONSE_BODY_LIMIT = 4096;

export type AttemptOutcome = "delivered" | "http_error" | "timeout" | "network_error" | "blocked";

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface SendResult {
  outcome: AttemptOutcome;
  startedAt: Date;
  durationMs: number;
  status: number | null;
  headers: Record<string, string | string[]> | null;
  body: string | null;
  error: string | null;
  /** From Retry-After on a 429/503. */
  retryAfterMs: number | null;
}

// One agent per process: keep-alive pools per origin are what make thousands of small POSTs
// cheap. Every socket it opens resolves names through the address guard, so the address
// actually connected to is the one checked.
const globalForAgent = globalThis as unknown as { __hooklineAgent?: Agent };

function agent(): Agent {
  globalForAgent.__hooklineAgent ??= new Agent({
    connect: { lookup: guardedLookup, timeout: 10_000 },
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
  });
  return globalForAgent.__hooklineAgent;
}

/** Closes idle keep-alive sockets (worker shutdown, benchmarks, tests). */
export async function closeHttpAgent(): Promise<void> {
  const current = globalForAgent.__hooklineAgent;
  globalForAgent.__hooklineAgent = undefined;
  await current?.close().catch(() => {});
}

// Destination URLs parsed once each (a URL costs more to parse than the rest of a request's
// preparation); bounded, since URLs change as destinations are edited.
interface Target {
  url: URL;
  origin: string;
  path: string;
}

const parsedTargets = new Map<string, Target>();

function parseTarget(raw: string): Target {
  let target = parsedTargets.get(raw);
  if (!target) {
    const url = new URL(raw);
    target = { url, origin: url.origin, path: url.search ? `${url.pathname}${url.search}` : url.pathname };
    if (parsedTargets.size >= 1000) parsedTargets.clear();
    parsedTargets.set(raw, target);
  }
  return target;
}

class SendTimeout extends Error {}
/** Thrown into the request when the kept part of the answer is full: the rest is not downloaded. */
class BodyLimitReached extends Error {}

function isBlocked(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof DestinationAddressError || (e as NodeJS.ErrnoException).code === "EADDRNOTPUBLIC") return true;
  }
  return false;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  const message = `${error.message}${cause}`;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/** Postgres text and jsonb refuse NUL characters, and a receiver may send anything. */
function storable(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}

function httpError(status: number, headers: Record<string, string | string[] | undefined>): string {
  const reason = STATUS_CODES[status] ?? "";
  if (status >= 300 && status < 400) {
    const location = headers.location;
    return `redirect (HTTP ${status}) not followed${location ? ` (to ${String(location).slice(0, 200)})` : ""}`;
  }
  return `HTTP ${status}${reason ? ` ${reason}` : ""}`;
}

interface Exchange {
  status: number | null;
  headers: Record<string, string | string[]> | null;
  body: string | null;
}

/**
 * One POST through undici's handler API rather than `request()`: no response stream, no
 * AbortController or EventTarget, no async iterator per request — measured at 14 µs of CPU per
 * request against 34 µs for `request()` with an abort signal (the largest cost of a send at
 * thousands of requests a second). The answer is collected into at most RESPONSE_BODY_LIMIT
 * bytes; past that the request is aborted, which drops the connection instead of downloading
 * the rest. The timer covers the whole exchange (connect wait, headers and body): a request
 * still queued for a connection when it fires is aborted as soon as undici starts it.
 */
function exchange(target: Target, req: SendRequest, seen: Exchange): Promise<void> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | null = null;
    let timedOut: SendTimeout | null = null;
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | null) => {
      clearTimeout(timer);
      if (timedOut) return reject(timedOut);
      if (error && !(error instanceof BodyLimitReached)) return reject(error);
      const kept = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      seen.body = storable(kept.subarray(0, RESPONSE_BODY_LIMIT).toString("utf8"));
      resolve();
    };
    const timer = setTimeout(() => {
      timedOut = new SendTimeout(`timeout after ${req.timeoutMs} ms`);
      controller?.abort(timedOut);
    }, req.timeoutMs);
    try {
      agent().dispatch(
        {
          origin: target.origin,
          path: target.path,
          method: "POST",
          headers: req.headers,
          body: req.body,
          // undici 7 follows redirects only through its redirect interceptor, which this agent
          // does not have; a 3xx comes back as it is.
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        },
        {
          onRequestStart(started) {
            controller = started;
            if (timedOut) started.abort(timedOut);
          },
          onResponseStart(_controller, statusCode, responseHeaders) {
            seen.status = statusCode;
            seen.headers = responseHeaders as Record<string, string | string[]>;
          },
          onResponseData(current, chunk) {
            if (size >= RESPONSE_BODY_LIMIT) return;
            chunks.push(chunk);
            size += chunk.length;
            if (size >= RESPONSE_BODY_LIMIT) current.abort(new BodyLimitReached());
          },
          onResponseEnd() {
            settle(null);
          },
          onResponseError(_controller, error) {
            settle(error);
          },
        },
      );
    } catch (error) {
      clearTimeout(timer);
      reject(error);
    }
  });
}

/**
 * One POST: no redirects followed (a 3xx is a failure — following one could lead anywhere), the
 * destination's timeout covering headers and body, at most 4 KiB of the answer kept.
 */
export async function sendWebhook(req: SendRequest): Promise<SendResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const finish = (result: Omit<SendResult, "startedAt" | "durationMs">): SendResult => ({
    ...result,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
  });
  let target: Target;
  try {
    target = parseTarget(req.url);
    assertLiteralHostAllowed(target.url);
  } catch (error) {
    return finish({
      outcome: "blocked",
      status: null,
      headers: null,
      body: null,
      error: describeError(error),
      retryAfterMs: null,
    });
  }
  // What arrived before a failure (a timeout while reading the body) is kept.
  const seen: Exchange = { status: null, headers: null, body: null };
  try {
    await exchange(target, req, seen);
    const status = seen.status!;
    const headers = seen.headers!;
    const ok = status >= 200 && status < 300;
    return finish({
      outcome: ok ? "delivered" : "http_error",
      status,
      headers,
      body: seen.body,
      error: ok ? null : httpError(status, headers),
      retryAfterMs: honoursRetryAfter(status) ? parseRetryAfter(headers["retry-after"]) : null,
    });
  } catch (error) {
    const { status, headers } = seen;
    const name = (error as Error | undefined)?.name;
    if (error instanceof SendTimeout || name === "HeadersTimeoutError" || name === "BodyTimeoutError") {
      return finish({
        outcome: "timeout",
        status,
        headers,
        body: null,
        error: `timeout after ${req.timeoutMs} ms`,
        retryAfterMs: null,
      });
    }
    return finish({
      outcome: isBlocked(error) ? "blocked" : "network_error",
      status,
      headers,
      body: null,
      error: describeError(error),
      retryAfterMs: null,
    });
  }
}
