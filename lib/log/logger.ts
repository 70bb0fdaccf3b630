import pino from "pino";

/**
 * Structured JSON logs. Secrets never reach here: callers log ids and counts, and the redact
 * list is a second line of defence for headers that carry credentials.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "hookline", process: process.env.HOOKLINE_PROCESS_NAME || "app" },
  redact: {
    paths: ["authorization", "*.authorization", "headers.authorization", "*.headers.authorization", "password", "*.password", "token", "*.token", "secret", "*.secret", "signingSecret", "*.signingSecret"],
    censor: "[redacted]",
  },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type Logger = pino.Logger;

/** A child logger whose every line carries the request id (taken from the proxy's header). */
export function requestLogger(request: Request): Logger {
  const requestId = request.headers.get("x-request-id") || crypto.randomUUID();
  return logger.child({ requestId });
}
