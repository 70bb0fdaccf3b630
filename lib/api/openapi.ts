import { API_KEY_SCOPE_LABELS, type ApiKeyScope } from "../api-keys/api-key-scopes";
import { AUTH_TYPES, DESTINATION_LIMITS } from "../destinations/destination-input";
import { MAX_EVENTS_PER_REQUEST } from "../ingest/event-schema";

// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. A static object
// (not generated) so it reads as documentation. It is the contract: tests/api/contract.test.ts
// validates it, drives every operation with good and bad input against the real handlers, and
// holds every answer's status and body to what is written here; tests/api/openapi.test.ts
// checks that every route file and method is described and nothing described is missing.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ "application/json": { schema } });
const uuid = { type: "string", format: "uuid" };
const dateTime = { type: "string", format: "date-time" };
const nullable = (schema: object) => ({ anyOf: [schema, { type: "null" }] });
/** An object the server writes in full: every field listed, always present, nothing else. */
const closed = (properties: Record<string, object>, description?: string) => ({
  type: "object",
  ...(description ? { description } : {}),
  required: Object.keys(properties),
  additionalProperties: false,
  properties,
});
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });

const BODY_LIMIT = { ingest: "1 MiB", destination: "64 KiB", none: "4 KiB" } as const;

/**
 * The error answers an operation can give. Every operation behind an API key can answer 401,
 * 403 (the key lacks the scope), 429 and 503; the rest depend on what the operation reads.
 */
function errors(options: { body?: boolean; query?: boolean; id?: boolean; conflict?: boolean }) {
  return {
    ...(options.body || options.query ? { "400": response("BadRequest") } : {}),
    "401": response("Unauthorized"),
    "403": response("Forbidden"),
    ...(options.id ? { "404": response("NotFound") } : {}),
    ...(options.conflict ? { "409": response("Conflict") } : {}),
    ...(options.body ? { "413": response("PayloadTooLarge"), "415": response("UnsupportedMediaType") } : {}),
    "429": response("TooManyRequests"),
    "503": response("ServiceUnavailable"),
  };
}

/** Scope, stated twice: machine-readable (`x-required-scope`) and in the description people read. */
function scoped(scope: ApiKeyScope, description?: string) {
  const needs = `Requires an API key with the \`${scope}\` scope (${API_KEY_SCOPE_LABELS[scope].grants}); another key gets 403.`;
  return { "x-required-scope": scope, description: description ? `${description}\n\n${needs}` : needs };
}

/** Operations that take no fields: nothing, or `{}`. Anything else is a 400 naming the fields. */
const noBody = {
  required: false,
  description: `None. An empty JSON object is accepted; any field is a 400 naming it. At most ${BODY_LIMIT.none}.`,
  content: json({ type: "object", maxProperties: 0 }),
};

const idParam = (description: string, schema: object = uuid) => ({
  name: "id",
  in: "path",
  required: true,
  description: `${description}. A malformed id, or one of another organisation, is 404.`,
  schema,
});
const failedWebhookId = idParam("Failed webhook id", { type: "string", pattern: "^[0-9]+$" });

const listParams = (statuses: readonly string[], sorts: readonly string[]) => [
  { name: "status", in: "query", description: `Comma-separated: ${statuses.join(", ")}`, schema: { type: "string" } },
  { name: "destination_id", in: "query", description: "Comma-separated destination ids", schema: { type: "string" } },
  { name: "event_type", in: "query", schema: { type: "string", maxLength: 100 } },
  { name: "from", in: "query", description: "created_at ≥ from (ISO 8601)", schema: dateTime },
  { name: "to", in: "query", description: "created_at < to (ISO 8601)", schema: dateTime },
  {
    name: "q",
    in: "query",
    description: "Case-insensitive text in the error message",
    schema: { type: "string", maxLength: 200 },
  },
  {
    name: "sort",
    in: "query",
    description: `<column>.<asc|desc>, column one of ${sorts.join(", ")}; default created_at.desc`,
    schema: { type: "string" },
  },
  {
    name: "cursor",
    in: "query",
    description: "next_cursor or prev_cursor of a previous page (same sort)",
    schema: { type: "string", maxLength: 512 },
  },
  {
    name: "direction",
    in: "query",
    description: "`next` (default) with a next_cursor, `prev` with a prev_cursor",
    schema: { type: "string", enum: ["next", "prev"], default: "next" },
  },
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 50 } },
];
const page = (item: string) =>
  closed({
    data: { type: "array", items: ref(item) },
    next_cursor: nullable({ type: "string" }),
    prev_cursor: nullable({ type: "string" }),
  });

const int = (limits: { min: number; max: number; default: number }) => ({
  type: "integer",
  minimum: limits.min,
  maximum: limits.max,
  default: limits.default,
});

const eventFilter = nullable({
  type: "object",
  description:
    "JSON containment: an event is delivered when `payload @> event_filter`. Stored exactly as sent (every key, `__proto__` " +
    "included); numbers beyond the double range (1e400) are refused. null: every payload.",
});

/** auth_config in a request, per auth_type. On update an omitted or empty secret keeps the stored one. */
const authConfigInput = (secretRequired: boolean) => {
  const secret = (description: string) => ({ type: "string", maxLength: 1000, writeOnly: true, description });
  const keep = secretRequired ? "" : " Omitted or empty: the stored one is kept.";
  const config = (properties: Record<string, object>, required: string[], title: string) => ({
    title,
    type: "object",
    required,
    additionalProperties: false,
    properties,
  });
  return nullable({
    description:
      "The credentials the dispatcher sends, per auth_type: basic {username, password}, bearer {token}, header {name, value}; " +
      "null or omitted for none. Requires auth_type in the same body.",
    anyOf: [
      config(
        { username: { type: "string", maxLength: 255 }, password: secret(`basic: the password.${keep}`) },
        secretRequired ? ["username", "password"] : ["username"],
        "basic",
      ),
      config({ token: secret(`bearer: the token.${keep}`) }, secretRequired ? ["token"] : [], "bearer"),
      config(
        {
          name: { type: "string", maxLength: 100, description: "header: the custom header's name" },
          value: secret(`header: the header's value.${keep}`),
        },
        secretRequired ? ["name", "value"] : ["name"],
        "header",
      ),
    ],
  });
};

const destinationSettings = (secretRequired: boolean) => ({
  name: { type: "string", minLength: DESTINATION_LIMITS.name.min, maxLength: DESTINATION_LIMITS.name.max },
  url: {
    type: "string",
    format: "uri",
    maxLength: DESTINATION_LIMITS.url.max,
    description: "http(s) only; must not resolve to a private, loopback, link-local or metadata address",
  },
  auth_type: { type: "string", enum: [...AUTH_TYPES], default: "none" },
  auth_config: authConfigInput(secretRequired),
  event_types: {
    type: "array",
    maxItems: DESTINATION_LIMITS.eventTypes.max,
    items: { type: "string", minLength: 1, maxLength: DESTINATION_LIMITS.eventTypes.itemMax },
    description: "Empty: every event type",
    default: [],
  },
  event_filter: eventFilter,
  enabled: { type: "boolean", default: true },
  batch_size: int(DESTINATION_LIMITS.batchSize),
  timeout_ms: int(DESTINATION_LIMITS.timeoutMs),
  retry_max: int(DESTINATION_LIMITS.retryMax),
  retry_backoff_ms: int(DESTINATION_LIMITS.retryBackoffMs),
});

const eventProperties = {
  event_type: { type: "string", minLength: 1, maxLength: 100 },
  payload: {
    type: "object",
    description:
      "Any JSON object (≤ 64 levels deep), stored exactly as sent; numbers beyond the double range (1e400) are refused",
  },
  employee_id: nullable({ ...uuid, description: "An employee of the key's organisation" }),
  session_id: nullable(uuid),
  client_name: nullable({ type: "string", maxLength: 100 }),
  client_version: nullable({ type: "string", maxLength: 50 }),
  event_category: nullable({ type: "string", maxLength: 50 }),
  content: nullable({ type: "string" }),
};

const deliveryStatus = { type: "string", enum: ["pending", "delivered", "failed", "dead"] };
const failedWebhookStatus = { type: "string", enum: ["pending", "retried", "failed_permanently"] };

const destinationProperties = {
  id: uuid,
  name: { type: "string" },
  url: { type: "string" },
  auth_type: { type: "string", enum: [...AUTH_TYPES] },
  auth_config: nullable({
    description:
      "Plain names, secrets masked: basic {username, password_masked}, bearer {token_masked}, header {name, value_masked}",
    anyOf: [
      closed({ username: { type: "string" }, password_masked: { type: "string" } }),
      closed({ token_masked: { type: "string" } }),
      closed({ name: { type: "string" }, value_masked: { type: "string" } }),
    ],
  }),
  event_types: { type: "array", items: { type: "string" } },
  event_filter: nullable({ type: "object" }),
  enabled: { type: "boolean" },
  batch_size: { type: "integer" },
  timeout_ms: { type: "integer" },
  retry_max: { type: "integer" },
  retry_backoff_ms: { type: "integer" },
  signing_secret_masked: { type: "string", description: "`whsec_••••••••abcd`: enough to recognise, not to use" },
  previous_secret_expires_at: nullable({
    ...dateTime,
    description: "Set while the secret replaced by the last rotation still signs (24 h)",
  }),
  created_by: nullable(uuid),
  created_at: dateTime,
  updated_at: dateTime,
};

const failedWebhookProperties = {
  id: { type: "string", pattern: "^[0-9]+$" },
  status: failedWebhookStatus,
  delivery_id: nullable(uuid),
  destination_id: nullable(uuid),
  destination_name: nullable({ type: "string" }),
  event_type: nullable({ type: "string" }),
  url: nullable({ type: "string" }),
  error_message: nullable({ type: "string" }),
  attempt_count: { type: "integer", minimum: 0, maximum: 255 },
  last_attempt_at: nullable(dateTime),
  created_at: dateTime,
  updated_at: dateTime,
};

const retryAfter = {
  description: "Seconds to wait before retrying",
  schema: { type: "integer", minimum: 0 },
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Hookline API",
    version: "1.0.0",
    description:
      "Ingest activity events and manage webhook destinations, deliveries and failed webhooks. Every call needs `Authorization: " +
      "Bearer <API key>`; everything is scoped to the key's organisation. " +
      "Keys carry scopes: `ingest` (POST /api/v1/events) and `manage` (every other operation); each operation states its own in " +
      "`x-required-scope`. " +
      "Every field of every request and response is snake_case. Request bodies are strict: a field the operation does not know " +
      "is a 400 naming it (with the field probably meant), and nothing is stored. " +
      "Every error answer has one shape, `Error`.",
  },
  servers: [{ url: "/" }],
  security: [{ apiKey: [] }],
  paths: {
    "/api/v1/events": {
      post: {
        operationId: "ingestEvents",
        summary: "Ingest one event or a batch",
        ...scoped(
          "ingest",
          `One event object, or \`{ "events": [...] }\` with up to ${MAX_EVENTS_PER_REQUEST}. Bodies over ${BODY_LIMIT.ingest} ` +
            `are refused. Logs and their deliveries are stored atomically; each event fans out to every enabled destination whose ` +
            `event types and filter match.`,
        ),
        requestBody: { required: true, content: json({ anyOf: [ref("IngestEvent"), ref("IngestBatch")] }) },
        responses: {
          "202": {
            description: "Stored; ids in request order with the number of deliveries each fanned out to",
            content: json(ref("IngestResult")),
          },
          ...errors({ body: true }),
        },
      },
    },
    "/api/v1/destinations": {
      get: {
        operationId: "listDestinations",
        summary: "List destinations with 24 h health",
        ...scoped("manage"),
        responses: {
          "200": {
            description: "Destinations",
            content: json(closed({ data: { type: "array", items: ref("DestinationWithHealth") } })),
          },
          ...errors({}),
        },
      },
      post: {
        operationId: "createDestination",
        summary: "Create a destination",
        ...scoped("manage", `At most ${BODY_LIMIT.destination}.`),
        requestBody: { required: true, content: json(ref("DestinationCreate")) },
        responses: {
          "201": {
            description: "Created. `signing_secret` is shown this once; `Location` names the new destination.",
            headers: { Location: { schema: { type: "string" } } },
            content: json(
              closed({
                destination: ref("Destination"),
                signing_secret: { type: "string", pattern: "^whsec_" },
              }),
            ),
          },
          ...errors({ body: true }),
        },
      },
    },
    "/api/v1/destinations/{id}": {
      parameters: [idParam("Destination id")],
      get: {
        operationId: "getDestination",
        summary: "Get a destination (secrets masked)",
        ...scoped("manage"),
        responses: {
          "200": { description: "The destination", content: json(ref("Destination")) },
          ...errors({ id: true }),
        },
      },
      patch: {
        operationId: "updateDestination",
        summary: "Update a destination",
        ...scoped(
          "manage",
          `Only the fields sent change. Sending \`auth_type\` requires that type's \`auth_config\` fields; a secret left out or ` +
            `empty keeps the stored one. At most ${BODY_LIMIT.destination}.`,
        ),
        requestBody: { required: true, content: json(ref("DestinationUpdate")) },
        responses: {
          "200": { description: "The updated destination", content: json(ref("Destination")) },
          ...errors({ body: true, id: true }),
        },
      },
      delete: {
        operationId: "deleteDestination",
        summary: "Delete a destination and its deliveries",
        ...scoped("manage"),
        requestBody: noBody,
        responses: {
          "200": {
            description: "Deleted",
            content: json(
              closed({ id: uuid, deleted: { const: true }, cascaded_deliveries: { type: "integer", minimum: 0 } }),
            ),
          },
          ...errors({ body: true, id: true }),
        },
      },
    },
    "/api/v1/destinations/{id}/rotate-secret": {
      parameters: [idParam("Destination id")],
      post: {
        operationId: "rotateSigningSecret",
        summary: "Rotate the signing secret",
        ...scoped(
          "manage",
          "Returns the new secret once. The previous secret keeps signing (a second signature) for 24 hours.",
        ),
        requestBody: noBody,
        responses: {
          "200": {
            description: "Rotated",
            content: json(
              closed({
                id: uuid,
                signing_secret: { type: "string", pattern: "^whsec_" },
                previous_secret_valid_hours: { type: "integer" },
              }),
            ),
          },
          ...errors({ body: true, id: true }),
        },
      },
    },
    "/api/v1/deliveries": {
      get: {
        operationId: "listDeliveries",
        summary: "List deliveries (keyset pagination)",
        ...scoped("manage", "An unknown query parameter, or a value that does not parse, is a 400 naming it."),
        parameters: [
          ...listParams(
            ["pending", "delivered", "failed", "dead"],
            ["created_at", "last_attempt_at", "next_retry_at", "attempts"],
          ),
          {
            name: "response_status",
            in: "query",
            description: "2xx, 3xx, 4xx, 5xx, none, or an exact code",
            schema: { type: "string" },
          },
          { name: "min_attempts", in: "query", schema: { type: "integer", minimum: 0, maximum: 1000 } },
          {
            name: "log_id",
            in: "query",
            description: "The deliveries of one activity log (ingest's event id)",
            schema: uuid,
          },
        ],
        responses: { "200": { description: "A page", content: json(page("Delivery")) }, ...errors({ query: true }) },
      },
    },
    "/api/v1/deliveries/{id}": {
      parameters: [idParam("Delivery id")],
      get: {
        operationId: "getDelivery",
        summary: "A delivery with its event, destination and every attempt",
        ...scoped("manage"),
        responses: {
          "200": { description: "Delivery detail", content: json(ref("DeliveryDetail")) },
          ...errors({ id: true }),
        },
      },
    },
    "/api/v1/deliveries/{id}/retry": {
      parameters: [idParam("Delivery id")],
      post: {
        operationId: "retryDelivery",
        summary: "Retry a failed or dead delivery now",
        ...scoped(
          "manage",
          "Re-queued as pending, due now, attempts reset. A dead delivery's failed webhook is marked retried. Any other status is 409.",
        ),
        requestBody: noBody,
        responses: {
          "202": {
            description: "Re-queued",
            content: json(closed({ id: uuid, status: { const: "pending" }, retried: { const: true } })),
          },
          ...errors({ body: true, id: true, conflict: true }),
        },
      },
    },
    "/api/v1/failed-webhooks": {
      get: {
        operationId: "listFailedWebhooks",
        summary: "List failed webhooks (dead letters), keyset pagination",
        ...scoped("manage", "An unknown query parameter, or a value that does not parse, is a 400 naming it."),
        parameters: listParams(
          ["pending", "retried", "failed_permanently"],
          ["created_at", "last_attempt_at", "attempt_count"],
        ),
        responses: {
          "200": { description: "A page", content: json(page("FailedWebhook")) },
          ...errors({ query: true }),
        },
      },
    },
    "/api/v1/failed-webhooks/{id}": {
      parameters: [failedWebhookId],
      get: {
        operationId: "getFailedWebhook",
        summary: "A failed webhook with its stored payload and resolved links",
        ...scoped("manage"),
        responses: {
          "200": { description: "Detail", content: json(ref("FailedWebhookDetail")) },
          ...errors({ id: true }),
        },
      },
    },
    "/api/v1/failed-webhooks/{id}/retry": {
      parameters: [failedWebhookId],
      post: {
        operationId: "retryFailedWebhook",
        summary: "Retry a failed webhook",
        ...scoped(
          "manage",
          "Re-queues its delivery (pending, due now, attempts reset), attempt_count + 1, last_attempt_at = now, status retried. " +
            "409 when it is not pending or its delivery no longer exists.",
        ),
        requestBody: noBody,
        responses: {
          "202": { description: "Retried", content: json(ref("FailedWebhookDetail")) },
          ...errors({ body: true, id: true, conflict: true }),
        },
      },
    },
    "/api/v1/failed-webhooks/{id}/discard": {
      parameters: [failedWebhookId],
      post: {
        operationId: "discardFailedWebhook",
        summary: "Discard a pending failed webhook (failed_permanently)",
        ...scoped("manage", "409 when it is not pending."),
        requestBody: noBody,
        responses: {
          "200": { description: "Discarded", content: json(ref("FailedWebhookDetail")) },
          ...errors({ body: true, id: true, conflict: true }),
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        summary: "This document",
        description: "Public: it describes the API and grants nothing.",
        security: [],
        responses: { "200": { description: "OpenAPI 3.1 document", content: json({ type: "object" }) } },
      },
    },
  },
  components: {
    securitySchemes: {
      apiKey: {
        type: "http",
        scheme: "bearer",
        description:
          "An API key (hk_…) created under Settings → API keys, with the scopes it needs: `ingest`, `manage`, or both",
      },
    },
    headers: {
      RetryAfter: { ...retryAfter, required: true },
    },
    responses: {
      BadRequest: {
        description:
          "Invalid input: `field_errors` maps each field path (`auth_config.token`, `events.3.event_type`, `body`, a query " +
          "parameter) to its messages. An unknown field is named, with the field probably meant.",
        content: json(ref("Error")),
      },
      Unauthorized: {
        description: "Missing, unknown or revoked API key",
        headers: { "WWW-Authenticate": { schema: { type: "string" } } },
        content: json(ref("Error")),
      },
      Forbidden: {
        description: "The API key lacks the operation's scope (`x-required-scope`); code `insufficient_scope`",
        content: json(ref("Error")),
      },
      NotFound: {
        description: "No such resource in the key's organisation (another organisation's id is not found too)",
        content: json(ref("Error")),
      },
      Conflict: { description: "The resource is not in a state that allows this", content: json(ref("Error")) },
      PayloadTooLarge: { description: "The body is over the operation's limit", content: json(ref("Error")) },
      UnsupportedMediaType: {
        description: "A body was sent without `Content-Type: application/json`",
        content: json(ref("Error")),
      },
      TooManyRequests: {
        description: "Rate limit of the API key exceeded; nothing was done. Retry after Retry-After seconds.",
        headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } },
        content: json(ref("Error")),
      },
      ServiceUnavailable: {
        description: "Database unavailable; nothing was stored. Retry after Retry-After seconds.",
        headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } },
        content: json(ref("Error")),
      },
    },
    schemas: {
      Error: {
        type: "object",
        description: "Every error answer of /api/v1",
        required: ["code", "message"],
        additionalProperties: false,
        properties: {
          code: {
            type: "string",
            description:
              "Stable, for programs: validation_failed, invalid_value, unauthorized, insufficient_scope, not_found, conflict, " +
              "payload_too_large, unsupported_media_type, rate_limited, unavailable",
          },
          message: { type: "string", description: "For people" },
          field_errors: {
            type: "object",
            description: "Present when particular fields are wrong: field path → messages",
            additionalProperties: { type: "array", items: { type: "string" }, minItems: 1 },
            examples: [
              { "events.3.event_type": ["Required"], eventTypes: ["Unknown field; did you mean event_types?"] },
            ],
          },
        },
      },
      IngestEvent: {
        type: "object",
        required: ["event_type", "payload"],
        additionalProperties: false,
        properties: eventProperties,
      },
      IngestBatch: {
        type: "object",
        required: ["events"],
        additionalProperties: false,
        properties: {
          events: { type: "array", minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST, items: ref("IngestEvent") },
        },
      },
      IngestResult: closed({
        events: {
          type: "array",
          items: closed({ id: uuid, deliveries: { type: "integer", minimum: 0 } }),
        },
      }),
      DestinationCreate: {
        type: "object",
        required: ["name", "url"],
        additionalProperties: false,
        properties: destinationSettings(true),
      },
      DestinationUpdate: {
        type: "object",
        additionalProperties: false,
        properties: destinationSettings(false),
      },
      Destination: closed(destinationProperties),
      DestinationWithHealth: closed({
        ...destinationProperties,
        attempts_24h: { type: "integer", minimum: 0 },
        success_rate_24h: nullable({ type: "number", minimum: 0, maximum: 1 }),
        p95_response_ms_24h: nullable({ type: "integer" }),
        hourly: {
          type: "array",
          description: "24 hourly buckets, oldest first, ending with the current hour",
          items: closed({ hour: dateTime, succeeded: { type: "integer" }, failed: { type: "integer" } }),
        },
        last_failure: nullable(closed({ at: dateTime, error: nullable({ type: "string" }) })),
      }),
      Delivery: closed({
        id: uuid,
        destination_id: uuid,
        destination_name: { type: "string" },
        log_id: uuid,
        event_type: { type: "string" },
        status: deliveryStatus,
        attempts: { type: "integer", minimum: 0 },
        response_status: nullable({ type: "integer" }),
        error_message: nullable({ type: "string" }),
        created_at: dateTime,
        last_attempt_at: nullable(dateTime),
        next_retry_at: nullable(dateTime),
        delivered_at: nullable(dateTime),
      }),
      DeliveryDetail: closed({
        delivery: closed({
          id: uuid,
          status: deliveryStatus,
          attempts: { type: "integer", minimum: 0 },
          last_attempt_at: nullable(dateTime),
          next_retry_at: nullable(dateTime),
          response_status: nullable({ type: "integer" }),
          response_body: nullable({ type: "string" }),
          error_message: nullable({ type: "string" }),
          created_at: dateTime,
          delivered_at: nullable(dateTime),
        }),
        log: closed(
          {
            id: uuid,
            event_type: { type: "string" },
            event_category: nullable({ type: "string" }),
            employee_id: nullable(uuid),
            session_id: nullable(uuid),
            client_name: nullable({ type: "string" }),
            client_version: nullable({ type: "string" }),
            content: nullable({ type: "string" }),
            payload: { type: "object", description: "As ingested" },
            created_at: dateTime,
          },
          "The activity log, payload included",
        ),
        destination: closed(
          {
            id: uuid,
            name: { type: "string" },
            url: { type: "string" },
            auth_type: { type: "string", enum: [...AUTH_TYPES] },
            enabled: { type: "boolean" },
            retry_max: { type: "integer" },
          },
          "No secrets; GET /api/v1/destinations/{id} has the rest",
        ),
        attempts: {
          type: "array",
          items: closed(
            {
              id: { type: "string" },
              attempt_number: { type: "integer" },
              started_at: dateTime,
              duration_ms: { type: "integer" },
              request_url: { type: "string" },
              request_headers: { type: "object", description: "As sent, without secrets" },
              batch_size: { type: "integer" },
              response_status: nullable({ type: "integer" }),
              response_headers: nullable({ type: "object" }),
              response_body: nullable({ type: "string", description: "Up to 4 KiB" }),
              error: nullable({ type: "string" }),
              outcome: { type: "string" },
            },
            "One HTTP attempt",
          ),
        },
        failed_webhook: nullable(closed({ id: { type: "string", pattern: "^[0-9]+$" }, status: failedWebhookStatus })),
      }),
      FailedWebhook: closed(failedWebhookProperties),
      FailedWebhookDetail: closed({
        ...failedWebhookProperties,
        payload: {
          type: "object",
          description:
            "The stored envelope: delivery_id, destination_id, destination_name, log_id, org_id, event_type, url, attempts, body",
        },
        links: closed(
          {
            delivery: nullable(closed({ id: uuid, status: deliveryStatus, attempts: { type: "integer", minimum: 0 } })),
            destination: nullable(closed({ id: uuid, name: { type: "string" }, enabled: { type: "boolean" } })),
            activity_log: nullable(closed({ id: uuid, event_type: { type: "string" }, created_at: dateTime })),
          },
          "What the envelope's ids point at today; each null when that row no longer exists",
        ),
      }),
    },
  },
} as const;
