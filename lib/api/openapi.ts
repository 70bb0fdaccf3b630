import { DESTINATION_LIMITS, EVENT_FILTER_TEXT_MAX_CHARS } from "../destinations/destination-input";
import { MAX_EVENTS_PER_REQUEST } from "../ingest/event-schema";

// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. A static object
// (not generated) so it reads as documentation; tests/api/openapi.test.ts checks that every
// route file and method is described here and that nothing described is missing a route.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ "application/json": { schema } });
const uuid = { type: "string", format: "uuid" };
const dateTime = { type: "string", format: "date-time" };
const nullable = (schema: object) => ({ oneOf: [schema, { type: "null" }] });

const errorResponses = {
  "400": {
    description: "Invalid input; `fieldErrors` maps each field path to its messages",
    content: json(ref("ValidationError")),
  },
  "401": { description: "Missing, unknown or revoked API key", content: json(ref("Error")) },
  "503": {
    description: "Database unavailable; nothing was stored. Retry after the Retry-After seconds.",
    content: json(ref("Error")),
  },
};
const notFound = {
  "404": {
    description: "No such resource in the key's organisation (another organisation's id is not found too)",
    content: json(ref("Error")),
  },
};
const conflict = {
  "409": { description: "The resource is not in a state that allows this", content: json(ref("Error")) },
};
const idParam = (description: string, schema: object = uuid) => ({
  name: "id",
  in: "path",
  required: true,
  description,
  schema,
});
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
    description: "nextCursor or prevCursor of a previous page (same sort)",
    schema: { type: "string" },
  },
  {
    name: "direction",
    in: "query",
    description: "`next` (default) with a nextCursor, `prev` with a prevCursor",
    schema: { type: "string", enum: ["next", "prev"] },
  },
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 50 } },
];
const page = (item: string) => ({
  type: "object",
  required: ["data", "nextCursor", "prevCursor"],
  properties: {
    data: { type: "array", items: ref(item) },
    nextCursor: nullable({ type: "string" }),
    prevCursor: nullable({ type: "string" }),
  },
});

const settingsProperties = {
  name: { type: "string", minLength: DESTINATION_LIMITS.name.min, maxLength: DESTINATION_LIMITS.name.max },
  url: {
    type: "string",
    format: "uri",
    description: "http(s) only; must not resolve to a private, loopback, link-local or metadata address",
  },
  eventTypes: { type: "array", items: { type: "string", maxLength: 100 }, description: "Empty: every event type" },
  eventFilter: nullable({
    type: "object",
    description:
      "JSON containment: an event is delivered when `payload @> eventFilter`. Stored exactly as sent (every key, `__proto__` included); numbers beyond the double range (1e400) are refused",
  }),
  eventFilterText: {
    type: "string",
    maxLength: EVENT_FILTER_TEXT_MAX_CHARS,
    description:
      "Alternative to eventFilter: the filter as JSON text (empty: no filter); when sent, it wins over eventFilter",
  },
  enabled: { type: "boolean", default: true },
  batchSize: {
    type: "integer",
    minimum: DESTINATION_LIMITS.batchSize.min,
    maximum: DESTINATION_LIMITS.batchSize.max,
    default: DESTINATION_LIMITS.batchSize.default,
  },
  timeoutMs: {
    type: "integer",
    minimum: DESTINATION_LIMITS.timeoutMs.min,
    maximum: DESTINATION_LIMITS.timeoutMs.max,
    default: DESTINATION_LIMITS.timeoutMs.default,
  },
  retryMax: {
    type: "integer",
    minimum: DESTINATION_LIMITS.retryMax.min,
    maximum: DESTINATION_LIMITS.retryMax.max,
    default: DESTINATION_LIMITS.retryMax.default,
  },
  retryBackoffMs: {
    type: "integer",
    minimum: DESTINATION_LIMITS.retryBackoffMs.min,
    maximum: DESTINATION_LIMITS.retryBackoffMs.max,
    default: DESTINATION_LIMITS.retryBackoffMs.default,
  },
  authType: { type: "string", enum: ["none", "basic", "bearer", "header"], default: "none" },
  username: { type: "string", description: "basic" },
  password: { type: "string", writeOnly: true, description: "basic; on update, empty keeps the stored one" },
  token: { type: "string", writeOnly: true, description: "bearer; on update, empty keeps the stored one" },
  headerName: { type: "string", description: "header: the custom header's name" },
  headerValue: { type: "string", writeOnly: true, description: "header; on update, empty keeps the stored one" },
};

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

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Hookline API",
    version: "1.0.0",
    description:
      "Ingest activity events and manage webhook destinations, deliveries and failed webhooks. Every call needs `Authorization: Bearer <API key>`; everything is scoped to the key's organisation.",
  },
  servers: [{ url: "/" }],
  security: [{ apiKey: [] }],
  paths: {
    "/api/v1/events": {
      post: {
        summary: "Ingest one event or a batch",
        description: `One event object, or \`{ "events": [...] }\` with up to ${MAX_EVENTS_PER_REQUEST}. Bodies over 1 MiB are refused. Logs and their deliveries are stored atomically; each event fans out to every enabled destination whose event types and filter match.`,
        requestBody: { required: true, content: json({ oneOf: [ref("IngestEvent"), ref("IngestBatch")] }) },
        responses: {
          "202": {
            description: "Stored; ids in request order with the number of deliveries each fanned out to",
            content: json(ref("IngestResult")),
          },
          ...errorResponses,
          "413": { description: "Body over 1 MiB", content: json(ref("Error")) },
          "429": {
            description: "Rate limit (INGEST_RATE_LIMIT per minute and key); see Retry-After",
            content: json(ref("Error")),
          },
        },
      },
    },
    "/api/v1/destinations": {
      get: {
        summary: "List destinations with 24 h health",
        responses: {
          "200": {
            description: "Destinations",
            content: json({
              type: "object",
              properties: { data: { type: "array", items: ref("DestinationWithHealth") } },
            }),
          },
          ...errorResponses,
        },
      },
      post: {
        summary: "Create a destination",
        requestBody: { required: true, content: json(ref("DestinationInput")) },
        responses: {
          "201": {
            description: "Created. `signingSecret` is shown this once.",
            content: json({
              type: "object",
              properties: { destination: ref("Destination"), signingSecret: { type: "string" } },
            }),
          },
          ...errorResponses,
        },
      },
    },
    "/api/v1/destinations/{id}": {
      parameters: [idParam("Destination id")],
      get: {
        summary: "Get a destination (secrets masked)",
        responses: {
          "200": { description: "The destination", content: json(ref("Destination")) },
          ...errorResponses,
          ...notFound,
        },
      },
      patch: {
        summary: "Update a destination",
        description:
          "Only the fields sent change. Sending `authType` requires that type's fields; a secret left empty keeps the stored one.",
        requestBody: { required: true, content: json(ref("DestinationUpdate")) },
        responses: {
          "200": { description: "The updated destination", content: json(ref("Destination")) },
          ...errorResponses,
          ...notFound,
        },
      },
      delete: {
        summary: "Delete a destination and its deliveries",
        responses: {
          "200": {
            description: "Deleted",
            content: json({
              type: "object",
              properties: { id: uuid, deleted: { type: "boolean" }, cascadedDeliveries: { type: "integer" } },
            }),
          },
          ...errorResponses,
          ...notFound,
        },
      },
    },
    "/api/v1/destinations/{id}/rotate-secret": {
      parameters: [idParam("Destination id")],
      post: {
        summary: "Rotate the signing secret",
        description:
          "Returns the new secret once. The previous secret keeps signing (a second signature) for 24 hours.",
        responses: {
          "200": {
            description: "Rotated",
            content: json({
              type: "object",
              properties: {
                id: uuid,
                signingSecret: { type: "string" },
                previousSecretValidHours: { type: "integer" },
              },
            }),
          },
          ...errorResponses,
          ...notFound,
        },
      },
    },
    "/api/v1/deliveries": {
      get: {
        summary: "List deliveries (keyset pagination)",
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
          { name: "min_attempts", in: "query", schema: { type: "integer", minimum: 0 } },
          {
            name: "log_id",
            in: "query",
            description: "The deliveries of one activity log (ingest's event id)",
            schema: uuid,
          },
        ],
        responses: { "200": { description: "A page", content: json(page("Delivery")) }, ...errorResponses },
      },
    },
    "/api/v1/deliveries/{id}": {
      parameters: [idParam("Delivery id")],
      get: {
        summary: "A delivery with its event, destination and every attempt",
        responses: {
          "200": { description: "Delivery detail", content: json(ref("DeliveryDetail")) },
          ...errorResponses,
          ...notFound,
        },
      },
    },
    "/api/v1/deliveries/{id}/retry": {
      parameters: [idParam("Delivery id")],
      post: {
        summary: "Retry a failed or dead delivery now",
        description:
          "Re-queued as pending, due now, attempts reset. A dead delivery's failed webhook is marked retried.",
        responses: {
          "202": {
            description: "Re-queued",
            content: json({
              type: "object",
              properties: { id: uuid, status: { const: "pending" }, retried: { type: "boolean" } },
            }),
          },
          ...errorResponses,
          ...notFound,
          ...conflict,
        },
      },
    },
    "/api/v1/failed-webhooks": {
      get: {
        summary: "List failed webhooks (dead letters), keyset pagination",
        parameters: listParams(
          ["pending", "retried", "failed_permanently"],
          ["created_at", "last_attempt_at", "attempt_count"],
        ),
        responses: { "200": { description: "A page", content: json(page("FailedWebhook")) }, ...errorResponses },
      },
    },
    "/api/v1/failed-webhooks/{id}": {
      parameters: [idParam("Failed webhook id", { type: "string", pattern: "^[0-9]+$" })],
      get: {
        summary: "A failed webhook with its stored payload and resolved links",
        responses: {
          "200": { description: "Detail", content: json(ref("FailedWebhookDetail")) },
          ...errorResponses,
          ...notFound,
        },
      },
    },
    "/api/v1/failed-webhooks/{id}/retry": {
      parameters: [idParam("Failed webhook id", { type: "string", pattern: "^[0-9]+$" })],
      post: {
        summary: "Retry a failed webhook",
        description:
          "Re-queues its delivery (pending, due now, attempts reset), attempt_count + 1, last_attempt_at = now, status retried.",
        responses: {
          "202": { description: "Retried", content: json(ref("FailedWebhookDetail")) },
          ...errorResponses,
          ...notFound,
          ...conflict,
        },
      },
    },
    "/api/v1/failed-webhooks/{id}/discard": {
      parameters: [idParam("Failed webhook id", { type: "string", pattern: "^[0-9]+$" })],
      post: {
        summary: "Discard a pending failed webhook (failed_permanently)",
        responses: {
          "200": { description: "Discarded", content: json(ref("FailedWebhookDetail")) },
          ...errorResponses,
          ...notFound,
          ...conflict,
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        summary: "This document",
        security: [],
        responses: { "200": { description: "OpenAPI 3.1 document", content: json({ type: "object" }) } },
      },
    },
  },
  components: {
    securitySchemes: {
      apiKey: { type: "http", scheme: "bearer", description: "An API key (hk_…) created under Settings → API keys" },
    },
    schemas: {
      Error: {
        type: "object",
        required: ["error", "code"],
        properties: { error: { type: "string" }, code: { type: "string" } },
      },
      ValidationError: {
        type: "object",
        required: ["error", "fieldErrors"],
        properties: {
          error: { type: "string" },
          code: { const: "validation_failed" },
          fieldErrors: {
            type: "object",
            additionalProperties: { type: "array", items: { type: "string" } },
            examples: [{ "events.3.event_type": ["Required"] }],
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
      IngestResult: {
        type: "object",
        properties: {
          events: {
            type: "array",
            items: { type: "object", properties: { id: uuid, deliveries: { type: "integer" } } },
          },
        },
      },
      DestinationInput: { type: "object", required: ["name", "url"], properties: settingsProperties },
      DestinationUpdate: { type: "object", properties: settingsProperties },
      Destination: {
        type: "object",
        properties: {
          id: uuid,
          name: { type: "string" },
          url: { type: "string" },
          authType: settingsProperties.authType,
          auth: {
            type: "object",
            description: "Plain names; secrets masked (passwordMasked, tokenMasked, valueMasked)",
          },
          eventTypes: settingsProperties.eventTypes,
          eventFilter: settingsProperties.eventFilter,
          enabled: { type: "boolean" },
          batchSize: { type: "integer" },
          timeoutMs: { type: "integer" },
          retryMax: { type: "integer" },
          retryBackoffMs: { type: "integer" },
          signingSecretMasked: { type: "string" },
          previousSecretExpiresAt: nullable(dateTime),
          createdBy: nullable(uuid),
          createdAt: dateTime,
          updatedAt: dateTime,
        },
      },
      DestinationWithHealth: {
        allOf: [
          ref("Destination"),
          {
            type: "object",
            properties: {
              attempts24h: { type: "integer" },
              successRate24h: nullable({ type: "number" }),
              p95ResponseMs24h: nullable({ type: "integer" }),
              hourly: {
                type: "array",
                items: {
                  type: "object",
                  properties: { hour: dateTime, succeeded: { type: "integer" }, failed: { type: "integer" } },
                },
              },
              lastFailure: nullable({
                type: "object",
                properties: { at: dateTime, error: nullable({ type: "string" }) },
              }),
            },
          },
        ],
      },
      Delivery: {
        type: "object",
        properties: {
          id: uuid,
          destinationId: uuid,
          destinationName: { type: "string" },
          logId: uuid,
          eventType: { type: "string" },
          status: { type: "string", enum: ["pending", "delivered", "failed", "dead"] },
          attempts: { type: "integer" },
          responseStatus: nullable({ type: "integer" }),
          errorMessage: nullable({ type: "string" }),
          createdAt: dateTime,
          lastAttemptAt: nullable(dateTime),
          nextRetryAt: nullable(dateTime),
          deliveredAt: nullable(dateTime),
        },
      },
      DeliveryDetail: {
        type: "object",
        properties: {
          delivery: { type: "object" },
          log: { type: "object", description: "The activity log, payload included" },
          destination: {
            type: "object",
            properties: {
              id: uuid,
              name: { type: "string" },
              url: { type: "string" },
              authType: { type: "string" },
              enabled: { type: "boolean" },
              retryMax: { type: "integer" },
            },
          },
          attempts: {
            type: "array",
            items: {
              type: "object",
              description:
                "One HTTP attempt: startedAt, durationMs, request headers without secrets, response status, headers and body excerpt, error",
            },
          },
          failedWebhook: nullable({
            type: "object",
            properties: { id: { type: "string" }, status: { type: "string" } },
          }),
        },
      },
      FailedWebhook: {
        type: "object",
        properties: {
          id: { type: "string", pattern: "^[0-9]+$" },
          status: { type: "string", enum: ["pending", "retried", "failed_permanently"] },
          deliveryId: nullable(uuid),
          destinationId: nullable(uuid),
          destinationName: nullable({ type: "string" }),
          eventType: nullable({ type: "string" }),
          url: nullable({ type: "string" }),
          errorMessage: nullable({ type: "string" }),
          attemptCount: { type: "integer", minimum: 0, maximum: 255 },
          lastAttemptAt: nullable(dateTime),
          createdAt: dateTime,
          updatedAt: dateTime,
        },
      },
      FailedWebhookDetail: {
        allOf: [
          ref("FailedWebhook"),
          {
            type: "object",
            properties: {
              payload: {
                type: "object",
                description:
                  "The stored envelope: delivery_id, destination_id, destination_name, log_id, org_id, event_type, url, attempts, body",
              },
              links: {
                type: "object",
                description: "delivery, destination, activityLog — each null when it no longer exists",
              },
            },
          },
        ],
      },
    },
  },
} as const;
