import "./zod-in-browser";
import { z } from "zod";

/** A UUID in its canonical text form, any case — the one spelling of it in the code base. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** A zod string that must be a UUID. */
export const uuidString = (message = "Must be a UUID") => z.string().regex(UUID_PATTERN, message);

/**
 * The same pattern as a PostgreSQL string literal, for `~*` (case-insensitive) in SQL that checks
 * a JSON text before casting it to uuid, so a malformed id becomes NULL instead of a cast error.
 */
export const UUID_SQL_LITERAL = `'${UUID_PATTERN.source}'`;
