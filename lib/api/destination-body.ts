import type { z } from "zod";
import { destinationInputSchema, destinationUpdateSchema, type AuthType } from "../destinations/destination-input";
import { ValidationError, type FieldErrors } from "../errors";
import { FORM_ERRORS_KEY, zodFieldErrors } from "../validation/field-errors";
import { unknownFieldErrors } from "../validation/unknown-fields";

// The management API's destination body, in the table's snake_case names, turned into the
// domain input the dashboard's forms also produce (destination-input.ts). Strict: a field the
// API does not know is a 400 naming it (and the field probably meant), and nothing is stored.

/** API field → domain input field. */
const SETTINGS: Record<string, string> = {
  name: "name",
  url: "url",
  auth_type: "authType",
  event_types: "eventTypes",
  event_filter: "eventFilter",
  enabled: "enabled",
  batch_size: "batchSize",
  timeout_ms: "timeoutMs",
  retry_max: "retryMax",
  retry_backoff_ms: "retryBackoffMs",
};
export const DESTINATION_BODY_FIELDS = [...Object.keys(SETTINGS), "auth_config"] as const;

/** auth_config's fields per auth type, as they are stored → the domain's flat auth fields. */
export const AUTH_CONFIG_FIELDS: Record<AuthType, Record<string, string>> = {
  none: {},
  basic: { username: "username", password: "password" },
  bearer: { token: "token" },
  header: { name: "headerName", value: "headerValue" },
};

// The domain coerces numbers (a form sends text); a JSON client that sends "10" has a bug the
// contract should name.
const INTEGER_FIELDS = new Set(["batch_size", "timeout_ms", "retry_max", "retry_backoff_ms"]);

/** Domain field → API field path, for field errors raised below the API (schema, address guard, updates). */
const API_PATH: Record<string, string> = {
  ...Object.fromEntries(Object.entries(SETTINGS).map(([api, domain]) => [domain, api])),
  eventFilterText: "event_filter",
  username: "auth_config.username",
  password: "auth_config.password",
  token: "auth_config.token",
  headerName: "auth_config.name",
  headerValue: "auth_config.value",
  [FORM_ERRORS_KEY]: "body",
};

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Renames field error keys from the domain's names to the API's (`eventTypes.2` → `event_types.2`). */
export function toApiFieldErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, messages] of Object.entries(errors)) {
    const [head, ...rest] = key.split(".");
    const path = [API_PATH[head!] ?? snakeCase(head!), ...rest].join(".");
    (out[path] ??= []).push(...messages);
  }
  return out;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks the body's names and JSON types and maps it onto the domain's input; type problems are collected, not thrown. */
function mapBody(body: unknown): { input: Record<string, unknown>; errors: FieldErrors } {
  if (!isPlainObject(body))
    throw new ValidationError("Send a JSON object with the destination's fields", { body: ["Must be a JSON object"] });
  const errors: FieldErrors = unknownFieldErrors(body, DESTINATION_BODY_FIELDS);
  const input: Record<string, unknown> = {};
  for (const [field, domain] of Object.entries(SETTINGS)) {
    if (!Object.hasOwn(body, field)) continue;
    const value = body[field];
    if (INTEGER_FIELDS.has(field) && !Number.isInteger(value)) errors[field] = ["Must be a whole number"];
    else input[domain] = value;
  }
  if (Object.hasOwn(body, "auth_config")) mapAuthConfig(body.auth_type, body.auth_config, input, errors);
  return { input, errors };
}

function mapAuthConfig(authType: unknown, config: unknown, input: Record<string, unknown>, errors: FieldErrors) {
  if (config === null) return;
  if (!isPlainObject(config)) {
    errors.auth_config = ["Must be an object (the fields of auth_type), or null"];
    return;
  }
  if (authType === undefined) {
    errors.auth_config = ["Send auth_type with auth_config"];
    return;
  }
  if (typeof authType !== "string" || !Object.hasOwn(AUTH_CONFIG_FIELDS, authType)) return; // auth_type's own error says why
  const fields = AUTH_CONFIG_FIELDS[authType as AuthType];
  Object.assign(errors, unknownFieldErrors(config, Object.keys(fields), "auth_config."));
  for (const [field, domain] of Object.entries(fields)) if (Object.hasOwn(config, field)) input[domain] = config[field];
}

/**
 * The domain input for a create (`schema` "create") or an update, or a ValidationError with
 * every problem under its API name: unknown fields, wrong JSON types, and what the domain
 * schema says about the rest.
 */
export function destinationInputFromBody(body: unknown, mode: "create" | "update"): Record<string, unknown> {
  const { input, errors } = mapBody(body);
  if (Object.keys(errors).length === 0) return input;
  const schema: z.ZodType = mode === "create" ? destinationInputSchema : destinationUpdateSchema;
  const rest = schema.safeParse(input);
  const more = rest.success ? {} : toApiFieldErrors(zodFieldErrors(rest.error));
  for (const [key, messages] of Object.entries(more)) if (!errors[key]) errors[key] = messages;
  throw new ValidationError("Some fields are not valid; see field_errors", errors);
}

/** Runs a domain call with its field errors renamed to the API's field names. */
export async function withApiFieldNames<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ValidationError) {
      const message =
        error.message === "Check the highlighted fields"
          ? "Some fields are not valid; see field_errors"
          : error.message;
      throw new ValidationError(message, toApiFieldErrors(error.fieldErrors));
    }
    throw error;
  }
}
