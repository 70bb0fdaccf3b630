import "../validation/zod-in-browser";
import { z } from "zod";
import { hasLoneSurrogate, isStorableText, jsonObjectSchema } from "../ingest/json-limits";

// This module is imported by client components (forms validate as you type), so it must not
// pull in node:dns via the address guard. The shape rules below mirror
// address-guard's parseDestinationUrl; the DNS-based check runs on the server at save.
function urlShapeProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, like https://example.com/webhooks";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return "Only http:// and https:// URLs can receive webhooks";
  if (url.username || url.password) return "Put credentials in the auth settings, not in the URL";
  if (!url.hostname) return "The URL has no host";
  return null;
}

export const AUTH_TYPES = ["none", "basic", "bearer", "header"] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const DESTINATION_LIMITS = {
  name: { min: 1, max: 100 },
  url: { max: 2048 },
  eventTypes: { max: 100, itemMax: 100 },
  batchSize: { min: 1, max: 100, default: 1 },
  timeoutMs: { min: 500, max: 30_000, default: 10_000 },
  retryMax: { min: 1, max: 20, default: 5 },
  retryBackoffMs: { min: 1000, max: 3_600_000, default: 30_000 },
} as const;

// Headers the dispatcher sets itself (signing, framing); a custom auth header may not replace them.
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  "host",
  "content-length",
  "content-type",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "user-agent",
  "expect",
  "proxy-authorization",
]);
const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const TEXT_MESSAGE = "Must be valid Unicode text without NUL characters";
const nameField = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(DESTINATION_LIMITS.name.max, `At most ${DESTINATION_LIMITS.name.max} characters`)
  .refine(isStorableText, TEXT_MESSAGE);

/** Shape only (http/https, no credentials in the URL); the DNS-based address check runs at save. */
const urlField = z
  .string()
  .trim()
  .min(1, "Enter a URL")
  .max(DESTINATION_LIMITS.url.max, `At most ${DESTINATION_LIMITS.url.max} characters`)
  .refine(isStorableText, TEXT_MESSAGE)
  .superRefine((value, ctx) => {
    const problem = urlShapeProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const eventTypesField = z
  .array(
    z
      .string()
      .trim()
      .min(1, "Event types cannot be empty")
      .max(DESTINATION_LIMITS.eventTypes.itemMax, `At most ${DESTINATION_LIMITS.eventTypes.itemMax} characters`)
      .refine(isStorableText, TEXT_MESSAGE),
  )
  .max(DESTINATION_LIMITS.eventTypes.max, `At most ${DESTINATION_LIMITS.eventTypes.max} event types`)
  .transform((types) => [...new Set(types)]);

const EVENT_FILTER_MAX_CHARS = 10_000;
/** The filter as the editor's text may carry whitespace and indentation on top of the JSON. */
export const EVENT_FILTER_TEXT_MAX_CHARS = 2 * EVENT_FILTER_MAX_CHARS;

/**
 * A JSON object matched with `payload @> event_filter`, or null for "every payload". Stored
 * exactly as sent: the object is validated in place, not rebuilt, so a "__proto__" key is kept
 * (z.record dropped it, turning {"__proto__": {...}} into {}, which matches everything), and a
 * number too large for a double (1e400) is refused rather than stored as null. Problems are
 * reported on the field itself, where the form shows them, with the key in the message.
 */
export const eventFilterSchema = jsonObjectSchema('The event filter must be a JSON object, like {"severity": "high"}', {
  problemsAtRoot: true,
  maxChars: EVENT_FILTER_MAX_CHARS,
}).nullable();

/**
 * The filter as JSON text (`eventFilterText`, the dashboard editor's content), parsed here on
 * the server. A server action's arguments lose every "__proto__" key on the way (React's reply
 * decoder deletes them), so a form that sends the parsed object cannot keep such a key; text
 * arrives intact. Empty text means no filter.
 */
export function eventFilterFromText(
  text: string,
): { ok: true; value: Record<string, unknown> | null } | { ok: false; messages: string[] } {
  if (!text.trim()) return { ok: true, value: null };
  let parsed: unknown;
  try {
    // JSON.parse keeps "__proto__" as an ordinary own key.
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, messages: [`Not valid JSON: ${error instanceof Error ? error.message : "parse error"}`] };
  }
  const checked = eventFilterSchema.safeParse(parsed);
  return checked.success
    ? { ok: true, value: checked.data }
    : { ok: false, messages: checked.error.issues.map((issue) => issue.message) };
}

/** With `eventFilterText` sent, its problems are the eventFilter field's. */
function checkEventFilterText(value: { eventFilterText?: unknown }, ctx: z.RefinementCtx): void {
  if (!value || typeof value !== "object" || typeof value.eventFilterText !== "string") return;
  const parsed = eventFilterFromText(value.eventFilterText);
  if (!parsed.ok)
    for (const message of parsed.messages) ctx.addIssue({ code: "custom", path: ["eventFilter"], message });
}

/** The filter to store: the text's when sent (checked above), else the object's. */
function resolvedEventFilter<F>(
  eventFilter: F,
  eventFilterText: string | undefined,
): F | Record<string, unknown> | null {
  if (eventFilterText === undefined) return eventFilter;
  const parsed = eventFilterFromText(eventFilterText);
  return parsed.ok ? parsed.value : null;
}

const int = (limits: { min: number; max: number }, label: string) =>
  z.coerce
    .number(`${label} must be a number`)
    .int(`${label} must be a whole number`)
    .min(limits.min, `${label} must be at least ${limits.min}`)
    .max(limits.max, `${label} must be at most ${limits.max}`);

// Settings without defaults: the update schema must leave omitted fields undefined (zod
// applies a default even inside .optional(), which would silently reset them).
const settings = {
  name: nameField,
  url: urlField,
  eventTypes: eventTypesField,
  eventFilter: eventFilterSchema,
  eventFilterText: z
    .string("The event filter text must be a string")
    .max(EVENT_FILTER_TEXT_MAX_CHARS, `At most ${EVENT_FILTER_TEXT_MAX_CHARS.toLocaleString("en-US")} characters`)
    .optional(),
  enabled: z.boolean("Must be true or false"),
  batchSize: int(DESTINATION_LIMITS.batchSize, "Batch size"),
  timeoutMs: int(DESTINATION_LIMITS.timeoutMs, "Timeout"),
  retryMax: int(DESTINATION_LIMITS.retryMax, "Retry max"),
  retryBackoffMs: int(DESTINATION_LIMITS.retryBackoffMs, "Backoff"),
};

// An unpaired UTF-16 surrogate has no UTF-8 form: encrypting the value would silently store
// U+FFFD in its place, and the receiver would get a credential nobody configured.
const UNICODE_MESSAGE = "Must be valid Unicode text (no unpaired surrogate characters)";
const secretValue = z
  .string()
  .max(1000, "At most 1,000 characters")
  .refine((v) => !/[\r\n\0]/.test(v), "Must not contain line breaks")
  .refine((v) => !hasLoneSurrogate(v), UNICODE_MESSAGE);
const usernameField = z
  .string()
  .trim()
  .max(255, "At most 255 characters")
  .refine((v) => !v.includes(":") && !/[\r\n\0]/.test(v), "A username cannot contain ':' or line breaks")
  .refine((v) => !hasLoneSurrogate(v), UNICODE_MESSAGE);
const headerNameField = z
  .string()
  .trim()
  .max(100, "At most 100 characters")
  .refine((v) => v === "" || HEADER_TOKEN.test(v), "Not a valid HTTP header name")
  .refine((v) => !RESERVED_HEADERS.has(v.toLowerCase()), "Hookline sets this header itself; choose another name");

// Flat auth fields (a form maps onto them 1:1); which are required depends on authType.
const authFields = {
  authType: z.enum(AUTH_TYPES, "Choose none, basic, bearer or header"),
  username: usernameField.optional(),
  password: secretValue.optional(),
  token: secretValue.optional(),
  headerName: headerNameField.optional(),
  headerValue: secretValue.optional(),
};

/** A destination's auth as the domain functions see it. Secret values are plaintext here, encrypted at rest. */
export type DestinationAuth =
  | { type: "none" }
  | { type: "basic"; username: string; password: string }
  | { type: "bearer"; token: string }
  | { type: "header"; name: string; value: string };

/** On update a secret may be left out: `undefined` keeps the stored one. */
export type DestinationAuthUpdate =
  | { type: "none" }
  | { type: "basic"; username: string; password?: string }
  | { type: "bearer"; token?: string }
  | { type: "header"; name: string; value?: string };

type FlatAuth = {
  authType?: AuthType;
  username?: string;
  password?: string;
  token?: string;
  headerName?: string;
  headerValue?: string;
};

const REQUIRED: Record<AuthType, { plain: (keyof FlatAuth)[]; secret: (keyof FlatAuth)[] }> = {
  none: { plain: [], secret: [] },
  basic: { plain: ["username"], secret: ["password"] },
  bearer: { plain: [], secret: ["token"] },
  header: { plain: ["headerName"], secret: ["headerValue"] },
};
const LABELS: Record<string, string> = {
  username: "Enter a username",
  password: "Enter the password",
  token: "Enter the token",
  headerName: "Enter a header name",
  headerValue: "Enter the header value",
};

function requireAuthFields(value: FlatAuth, ctx: z.RefinementCtx, secretsRequired: boolean): void {
  if (!value || typeof value !== "object" || !value.authType || !Object.hasOwn(REQUIRED, value.authType)) return;
  const need = REQUIRED[value.authType];
  for (const field of [...need.plain, ...(secretsRequired ? need.secret : [])]) {
    if (!value[field]) ctx.addIssue({ code: "custom", path: [field], message: LABELS[field] ?? "Required" });
  }
}

/** The checks across fields of both schemas: the chosen auth type's fields, and the event filter's text. */
function crossFieldChecks(secretsRequired: boolean) {
  return (value: FlatAuth & { eventFilterText?: unknown }, ctx: z.RefinementCtx): void => {
    requireAuthFields(value, ctx, secretsRequired);
    checkEventFilterText(value, ctx);
  };
}

// Report missing auth fields together with the other field errors, even when some other field
// failed (zod skips object refinements after a failure by default).
const EVEN_AFTER_A_FIELD_FAILED = { when: () => true };

function toAuth(v: FlatAuth & { authType: AuthType }): DestinationAuth {
  switch (v.authType) {
    case "basic":
      return { type: "basic", username: v.username!, password: v.password! };
    case "bearer":
      return { type: "bearer", token: v.token! };
    case "header":
      return { type: "header", name: v.headerName!, value: v.headerValue! };
    default:
      return { type: "none" };
  }
}

function toAuthUpdate(v: FlatAuth & { authType: AuthType }): DestinationAuthUpdate {
  const keep = (s: string | undefined) => (s ? s : undefined);
  switch (v.authType) {
    case "basic":
      return { type: "basic", username: v.username!, password: keep(v.password) };
    case "bearer":
      return { type: "bearer", token: keep(v.token) };
    case "header":
      return { type: "header", name: v.headerName!, value: keep(v.headerValue) };
    default:
      return { type: "none" };
  }
}

/**
 * What a form or an API client sends to create a destination: settings (with defaults) plus
 * flat auth fields; the output carries `auth` as a discriminated union on `type`.
 */
export const destinationInputSchema = z
  .object({
    ...settings,
    eventTypes: settings.eventTypes.default([]),
    eventFilter: settings.eventFilter.default(null),
    enabled: settings.enabled.default(true),
    batchSize: settings.batchSize.default(DESTINATION_LIMITS.batchSize.default),
    timeoutMs: settings.timeoutMs.default(DESTINATION_LIMITS.timeoutMs.default),
    retryMax: settings.retryMax.default(DESTINATION_LIMITS.retryMax.default),
    retryBackoffMs: settings.retryBackoffMs.default(DESTINATION_LIMITS.retryBackoffMs.default),
    ...authFields,
    authType: authFields.authType.default("none"),
  })
  .superRefine(crossFieldChecks(true), EVEN_AFTER_A_FIELD_FAILED)
  .transform(
    ({ authType, username, password, token, headerName, headerValue, eventFilter, eventFilterText, ...rest }) => ({
      ...rest,
      eventFilter: resolvedEventFilter(eventFilter, eventFilterText),
      auth: toAuth({ authType, username, password, token, headerName, headerValue }),
    }),
  );

/**
 * Partial update: omitted settings stay as they are. When `authType` is sent, that type's
 * non-secret fields are required; an empty or omitted secret keeps the stored one (the form
 * never receives secrets, so it cannot send them back) — updateDestination rejects a kept
 * secret when the stored auth has none for that type.
 */
export const destinationUpdateSchema = z
  .object({ ...settings, ...authFields })
  .partial()
  .superRefine(crossFieldChecks(false), EVEN_AFTER_A_FIELD_FAILED)
  .transform(
    ({ authType, username, password, token, headerName, headerValue, eventFilter, eventFilterText, ...rest }) => ({
      ...rest,
      eventFilter: resolvedEventFilter(eventFilter, eventFilterText),
      auth: authType ? toAuthUpdate({ authType, username, password, token, headerName, headerValue }) : undefined,
    }),
  );

export type DestinationInput = z.input<typeof destinationInputSchema>;
export type DestinationValues = z.output<typeof destinationInputSchema>;
export type DestinationUpdateInput = z.input<typeof destinationUpdateSchema>;
export type DestinationUpdateValues = z.output<typeof destinationUpdateSchema>;
