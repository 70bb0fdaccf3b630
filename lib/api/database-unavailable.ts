import { sqlState } from "../db/sql-state";

// Errors that mean "the database cannot be reached right now" rather than "this request is
// wrong": the client should retry later (503), and nothing was stored.
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);
// 57P01-03: admin shutdown / crash shutdown / cannot connect now; 53300: too many connections.
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    const code = typeof e.code === "string" ? e.code : "";
    if (NETWORK_CODES.has(code) || PRISMA_CODES.has(code)) return true;
    const state = sqlState(current);
    if (state && (SQLSTATES.has(state) || state.startsWith("08"))) return true;
    const message = typeof e.message === "string" ? e.message : "";
    // node-postgres reports pool and socket failures as plain Errors with these messages.
    if (
      /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(
        message,
      )
    )
      return true;
    if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = e.cause;
  }
  return false;
}
