// PostgreSQL's uuid input accepts any 8-4-4-4-12 hex string, not only RFC variants, so ids are
// checked by shape: a malformed id is "not found", never a cast error from the database.

export { isUuid } from "./uuid";

/** failed_webhooks ids are bigint identities; anything else cannot name a row. */
export function isBigintId(value: unknown): value is string {
  return typeof value === "string" && /^[1-9][0-9]{0,17}$/.test(value);
}
