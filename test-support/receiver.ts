// The one test receiver, shared by the vitest suites (tests/) and the Playwright suite (e2e/).
import http, { type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** A request as the receiving end saw it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export type Responder = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

export interface TestReceiver {
  /** `http://127.0.0.1:<port>/hook` */
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Changes how the next requests are answered. */
  respond(responder: Responder): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const respondWith =
  (status: number, body = "", headers: Record<string, string> = {}): Responder =>
  (_request, response) => {
    response.writeHead(status, { "content-type": "text/plain", ...headers });
    response.end(body);
  };

export const ok: Responder = respondWith(200, '{"ok":true}', { "content-type": "application/json" });

/** Answers only after `ms`; a client that gave up earlier has closed the socket by then. */
export const slow =
  (ms: number, then: Responder = ok): Responder =>
  (request, response) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        if (!response.destroyed) void then(request, response);
        resolve();
      }, ms);
      response.on("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });

/** Drops the TCP connection without answering. */
export const resetConnection: Responder = (_request, response) => {
  response.socket?.resetAndDestroy();
};

/** A 200 with a body of `bytes` bytes, streamed. */
export const hugeBody =
  (bytes: number, status = 200): Responder =>
  (_request, response) => {
    response.writeHead(status, { "content-type": "text/plain" });
    const chunk = Buffer.alloc(64 * 1024, "x");
    let left = bytes;
    const write = () => {
      while (left > 0) {
        const piece = chunk.subarray(0, Math.min(chunk.length, left));
        left -= piece.length;
        if (!response.write(piece)) return void response.once("drain", write);
      }
      response.end();
    };
    response.on("error", () => {});
    write();
  };

/**
 * A 200 whose body trickles: a byte every `everyMs` for `totalMs`. No single gap is long enough
 * for a per-chunk body timeout; only a timer over the whole exchange stops it.
 */
export const tricklingBody =
  (everyMs: number, totalMs: number): Responder =>
  (_request, response) =>
    new Promise<void>((resolve) => {
      response.writeHead(200, { "content-type": "text/plain" });
      const started = Date.now();
      const timer = setInterval(() => {
        if (response.destroyed || Date.now() - started > totalMs) {
          clearInterval(timer);
          if (!response.destroyed) response.end();
          return resolve();
        }
        response.write("x");
      }, everyMs);
      response.on("close", () => {
        clearInterval(timer);
        resolve();
      });
    });

export const redirectTo =
  (location: string, status = 302): Responder =>
  (_request, response) => {
    response.writeHead(status, { location });
    response.end();
  };

/** A real HTTP server on 127.0.0.1 that records everything it receives. */
export async function startReceiver(initial: Responder = ok): Promise<TestReceiver> {
  let responder = initial;
  const requests: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received: ReceivedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt: Date.now(),
      };
      requests.push(received);
      for (const w of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      Promise.resolve(responder(received, res)).catch(() => res.destroy());
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    respond(next) {
      responder = next;
    },
    waitForRequests(count, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${requests.length} of ${count} requests`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Verifies a received request's Standard Webhooks signature with the `standardwebhooks` package,
 * as a real receiver would, and returns the parsed body; throws when the signature does not match.
 */
export function verifySignature(request: ReceivedRequest, secret: string): unknown {
  return new Webhook(secret).verify(request.body, {
    "webhook-id": String(request.headers["webhook-id"] ?? ""),
    "webhook-timestamp": String(request.headers["webhook-timestamp"] ?? ""),
    "webhook-signature": String(request.headers["webhook-signature"] ?? ""),
  });
}
