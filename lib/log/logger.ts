import pino from "pino";
import { currentRequestId, requestIdOf } from "./request-context";
import { traceLogFields } from "../telemetry/spans";

interface LineSink {
  write(line: string): unknown;
}

// Lines go to stdout (pino's own fast writer) unless captureLogLines points them elsewhere.
const stdout = pino.destination(1);
let sink: LineSink = stdout;

/**
 * Sends every line of every logger (children created earlier included) to `stream` until
 * the returned function is called — for tests that read what a request or a dispatch cycle
 * logged.
 */
export function captureLogLines(stream: LineSink): () => void {
  const previous = sink;
  sink = stream;
  return () => {
    sink = previous;
  };
}

/**
 * Structured JSON logs. Secrets never reach here: callers log ids and counts, and the redact
 * list is a second line of defence for headers that carry credentials. A line written while
 * an API route handles a request (lib/api/handle-route) carries that request's `requestId`.
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "hookline", process: process.env.HOOKLINE_PROCESS_NAME || "app" },
    mixin() {
      const requestId = currentRequestId();
      // With tracing on, a line written inside a span names it, so logs and traces join up.
      return { ...(requestId ? { requestId } : {}), ...traceLogFields() };
    },
    redact: {
      paths: [
        "authorization",
        "*.authorization",
        "headers.authorization",
        "*.headers.authorization",
        "password",
        "*.password",
        "token",
        "*.token",
        "secret",
        "*.secret",
        "signingSecret",
        "*.signingSecret",
      ],
      censor: "[redacted]",
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  { write: (line: string) => sink.write(line) },
);

export type Logger = pino.Logger;

/** A child logger whose every line carries the request id (taken from the proxy's header). */
export function requestLogger(request: Request): Logger {
  return logger.child({ requestId: requestIdOf(request) });
}
