import { STATUS_CODES } from "node:http";
import { Agent, request } from "undici";
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

class SendTimeout extends Error {}

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

async function readLimited(
  body: AsyncIterable<Buffer> & { text(): Promise<string> },
  contentLength: string | string[] | undefined,
): Promise<string> {
  // The usual answer is short and says so: read it whole (undici's text() is much cheaper
  // per request than iterating the stream, which matters at thousands of requests a second).
  const declared = typeof contentLength === "string" ? Number(contentLength) : NaN;
  if (declared >= 0 && declared <= RESPONSE_BODY_LIMIT) return storable(await body.text());
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early destroys the stream: a huge body is cut off, not downloaded.
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= RESPONSE_BODY_LIMIT) break;
  }
  return storable(Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString("utf8"));
}

function httpError(status: number, headers: Record<string, string | string[] | undefined>): string {
  const reason = STATUS_CODES[status] ?? "";
  if (status >= 300 && status < 400) {
    const location = headers.location;
    return `redirect (HTTP ${status}) not followed${location ? ` (to ${String(location).slice(0, 200)})` : ""}`;
  }
  return `HTTP ${status}${reason ? ` ${reason}` : ""}`;
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
  try {
    assertLiteralHostAllowed(new URL(req.url));
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
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new SendTimeout(`timeout after ${req.timeoutMs} ms`)), req.timeoutMs);
  let status: number | null = null;
  let headers: Record<string, string | string[]> | null = null;
  try {
    const response = await request(req.url, {
      method: "POST",
      dispatcher: agent(),
      headers: req.headers,
      body: req.body,
      signal: controller.signal,
      // undici 7 follows redirects only through its redirect interceptor, which this agent does
      // not have (its `maxRedirections` option is gone); a 3xx comes back as it is.
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    status = response.statusCode;
    headers = Object.fromEntries(
      Object.entries(response.headers).filter((e): e is [string, string | string[]] => e[1] !== undefined),
    );
    const body = await readLimited(response.body, response.headers["content-length"]);
    const ok = status >= 200 && status < 300;
    return finish({
      outcome: ok ? "delivered" : "http_error",
      status,
      headers,
      body,
      error: ok ? null : httpError(status, response.headers),
      retryAfterMs: honoursRetryAfter(status) ? parseRetryAfter(response.headers["retry-after"]) : null,
    });
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof SendTimeout) {
      return finish({
        outcome: "timeout",
        status,
        headers,
        body: null,
        error: controller.signal.reason.message,
        retryAfterMs: null,
      });
    }
    const name = (error as Error | undefined)?.name;
    if (name === "HeadersTimeoutError" || name === "BodyTimeoutError") {
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
  } finally {
    clearTimeout(timer);
  }
}
