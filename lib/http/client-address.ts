import { logger } from "../log/logger";

/** Set by scripts/client-address.mjs on every request the Next.js server receives. */
export const CLIENT_ADDRESS_HEADER = "x-hookline-client-address";

/**
 * Set by the same preload. Without it nothing overwrites the header, so a client could write
 * it; it is believed only in a process the preload runs in.
 */
const PRELOAD_MARK = Symbol.for("hookline.client-address-preload");

type HeaderSource = Headers | Record<string, unknown> | undefined;

function header(headers: HeaderSource, name: string): string {
  if (!headers) return "";
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  return typeof value === "string" ? value.trim() : "";
}

let warned = false;
function unknownAddress(): string {
  if (!warned) {
    warned = true;
    logger.warn(
      "client address unknown (the server was not started with npm start, and TRUSTED_PROXY_HOPS is 0): " +
        "sign-in limits per address count every client together",
    );
  }
  return "unknown";
}

/**
 * The client's address for rate limits and logs. X-Forwarded-For is the client's to write, so it
 * counts only as far as TRUSTED_PROXY_HOPS says: with N trusted proxies in front, the entry the
 * outermost of them appended (N-th from the right). With 0 (the default: nothing in front) it is
 * ignored and the socket's own address is used.
 */
export function clientAddress(headers: HeaderSource): string {
  const hops = Number(process.env.TRUSTED_PROXY_HOPS || 0);
  const preloaded = (globalThis as Record<symbol, unknown>)[PRELOAD_MARK] === true;
  const socket = preloaded ? header(headers, CLIENT_ADDRESS_HEADER) : "";
  if (!Number.isInteger(hops) || hops <= 0) return socket || unknownAddress();
  const forwarded = header(headers, "x-forwarded-for")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - hops] || socket || unknownAddress();
}
