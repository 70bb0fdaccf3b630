import { encryptSecret } from "../crypto/secret-box";
import type { DestinationAuth, DestinationAuthUpdate } from "./destination-input";

/**
 * auth_config as the dispatcher reads it: basic {username, password}, bearer {token},
 * header {name, value}; secret fields encrypted, `username` and `name` plain.
 */
export function storedAuthConfig(auth: DestinationAuth): Record<string, string> | null {
  switch (auth.type) {
    case "basic":
      return { username: auth.username, password: encryptSecret(auth.password, "auth_config.password") };
    case "bearer":
      return { token: encryptSecret(auth.token, "auth_config.token") };
    case "header":
      return { name: auth.name, value: encryptSecret(auth.value, "auth_config.value") };
    default:
      return null;
  }
}

const SECRET_FIELD = { basic: "password", bearer: "token", header: "value" } as const;

/** The form and API field of each auth type's secret, as validation errors name it. */
export const SECRET_INPUT_FIELD = { basic: "password", bearer: "token", header: "headerValue" } as const;

/**
 * Applies an update: a secret left empty keeps the stored (still encrypted) value, but only
 * when the stored config is of the same type and has one; otherwise the secret is required.
 * Returns null plus the missing field when a secret is needed and absent.
 */
export function mergeAuthConfig(
  update: DestinationAuthUpdate,
  storedType: string,
  stored: Record<string, unknown> | null,
  options: { mayKeepSecret?: boolean } = {},
):
  | { config: Record<string, string> | null; missing: null }
  | { config: null; missing: "password" | "token" | "headerValue" } {
  if (update.type === "none") return { config: null, missing: null };
  const field = SECRET_FIELD[update.type];
  const given = update.type === "basic" ? update.password : update.type === "bearer" ? update.token : update.value;
  const kept =
    options.mayKeepSecret !== false &&
    storedType === update.type &&
    typeof stored?.[field] === "string" &&
    stored[field] !== ""
      ? (stored[field] as string)
      : null;
  if (!given && !kept)
    return {
      config: null,
      missing: update.type === "basic" ? "password" : update.type === "bearer" ? "token" : "headerValue",
    };
  const secret = given ? encryptSecret(given, `auth_config.${field}`) : kept!;
  switch (update.type) {
    case "basic":
      return { config: { username: update.username, password: secret }, missing: null };
    case "bearer":
      return { config: { token: secret }, missing: null };
    default:
      return { config: { name: update.name, value: secret }, missing: null };
  }
}
