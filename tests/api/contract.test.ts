import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorResponse } from "../../lib/api/handle-route";
import { openApiDocument } from "../../lib/api/openapi";
import { closeDb } from "../../lib/db/client";
import { RateLimitedError } from "../../lib/errors";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createDestination, createLog, createOrg } from "../helpers/fixtures";
import { API_V1_ROOT, filesNamed, openApiPath } from "../helpers/app-files";

/**
 * The OpenAPI document is the contract of /api/v1. This test validates it with an OpenAPI
 * validator, then drives every documented operation through its real route handler against a
 * real PostgreSQL with good and bad input — no key, a key without the scope, unknown, malformed
 * and other organisations' ids, unknown fields, wrong JSON types, a body that is not JSON, too
 * large, bad query parameters, a conflicting state, an unreachable database, a rate limit — and
 * holds every answer to the document: its status must be documented for the operation and its
 * body must validate against the documented schema (JSON Schema 2020-12, ajv). A route file
 * without its description, or an operation this test does not drive, fails it.
 */

type Method = "get" | "post" | "patch" | "delete";
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
interface Ids {
  destinationId: string;
  deliveryId: string;
  failedWebhookId: string;
}
interface OperationCase {
  file: string;
  /** Path parameters for these ids (operations with `{id}`). */
  params?: (ids: Ids) => Record<string, string>;
  /** The call that succeeds; `fresh` gives it resources of its own (it changes or deletes them). */
  good: { body?: unknown; query?: string; fresh?: boolean };
  /** A body whose fields are all known but one has the wrong JSON type. */
  wrongType?: unknown;
  /** Query strings the operation refuses. */
  badQueries?: string[];
  /** Repeating the good call conflicts (409). */
  conflictsWhenRepeated?: boolean;
}

const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

const CASES: Record<string, OperationCase> = {
  "post /api/v1/events": {
    file: "events/route.ts",
    good: { body: { event_type: "contract.event", payload: { n: 1 }, client_name: "contract" } },
    wrongType: { event_type: 5, payload: {} },
  },
  "get /api/v1/destinations": { file: "destinations/route.ts", good: {} },
  "post /api/v1/destinations": {
    file: "destinations/route.ts",
    good: {
      body: {
        name: "Contract",
        url: "http://127.0.0.1:9/contract",
        auth_type: "header",
        auth_config: { name: "X-Contract", value: "a-header-value-long-enough" },
        event_types: ["contract.event"],
        event_filter: { n: 1 },
        enabled: true,
        batch_size: 5,
        timeout_ms: 5000,
        retry_max: 2,
        retry_backoff_ms: 60_000,
      },
    },
    wrongType: { name: "Typed", url: "http://127.0.0.1:9/typed", event_types: "contract.event" },
  },
  "get /api/v1/destinations/{id}": {
    file: "destinations/[id]/route.ts",
    params: (ids) => ({ id: ids.destinationId }),
    good: {},
  },
  "patch /api/v1/destinations/{id}": {
    file: "destinations/[id]/route.ts",
    params: (ids) => ({ id: ids.destinationId }),
    good: {
      body: { name: "Renamed", retry_max: 4, auth_type: "basic", auth_config: { username: "u", password: "p" } },
    },
    wrongType: { enabled: "yes" },
  },
  "delete /api/v1/destinations/{id}": {
    file: "destinations/[id]/route.ts",
    params: (ids) => ({ id: ids.destinationId }),
    good: { fresh: true },
  },
  "post /api/v1/destinations/{id}/rotate-secret": {
    file: "destinations/[id]/rotate-secret/route.ts",
    params: (ids) => ({ id: ids.destinationId }),
    good: { body: {} },
  },
  "get /api/v1/deliveries": {
    file: "deliveries/route.ts",
    good: { query: "?status=dead,failed&sort=attempts.desc&limit=2" },
    badQueries: ["?limit=0", "?status=gone", "?nextCursor=abc", "?cursor=forged", "?from=soon"],
  },
  "get /api/v1/deliveries/{id}": {
    file: "deliveries/[id]/route.ts",
    params: (ids) => ({ id: ids.deliveryId }),
    good: {},
  },
  "post /api/v1/deliveries/{id}/retry": {
    file: "deliveries/[id]/retry/route.ts",
    params: (ids) => ({ id: ids.deliveryId }),
    good: { fresh: true },
    conflictsWhenRepeated: true,
  },
  "get /api/v1/failed-webhooks": {
    file: "failed-webhooks/route.ts",
    good: { query: "?status=pending&limit=2" },
    badQueries: ["?limit=501", "?status=dead", "?destinationId=x", "?sort=id.asc"],
  },
  "get /api/v1/failed-webhooks/{id}": {
    file: "failed-webhooks/[id]/route.ts",
    params: (ids) => ({ id: ids.failedWebhookId }),
    good: {},
  },
  "post /api/v1/failed-webhooks/{id}/retry": {
    file: "failed-webhooks/[id]/retry/route.ts",
    params: (ids) => ({ id: ids.failedWebhookId }),
    good: { fresh: true },
    conflictsWhenRepeated: true,
  },
  "post /api/v1/failed-webhooks/{id}/discard": {
    file: "failed-webhooks/[id]/discard/route.ts",
    params: (ids) => ({ id: ids.failedWebhookId }),
    good: { fresh: true },
    conflictsWhenRepeated: true,
  },
  "get /api/v1/openapi.json": { file: "openapi.json/route.ts", good: {} },
};

interface Operation {
  responses: Record<
    string,
    { content?: Record<string, { schema: object }>; headers?: Record<string, { required?: boolean }> }
  >;
  requestBody?: { content: Record<string, { schema: object }> };
  security?: unknown[];
  "x-required-scope"?: "ingest" | "manage";
}

let api: { paths: Record<string, Record<string, Operation>> };
const ajv = new Ajv2020({ strict: true, allErrors: true });
// ajv-formats is CommonJS; under ESM its function is the default export's default.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();
const checked = new Map<string, Set<string>>();
let responsesChecked = 0;

let db: TestDatabase;
let orgId: string;
let otherOrgId: string;
const keys = { manage: "", ingest: "", both: "", otherManage: "", otherIngest: "" };
let ids: Ids;
let otherIds: Ids;

/** One destination with a dead delivery (with one recorded attempt) and its pending dead letter. */
async function resources(org: string): Promise<Ids> {
  const destination = await createDestination(db.pool, org, {
    url: "http://127.0.0.1:9/contract-resources",
    authType: "bearer",
    authConfig: { token: "contract-token-0123456789" },
    eventFilter: { tier: "gold" },
  });
  const logId = await createLog(db.pool, org, "contract.event", { tier: "gold" });
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, last_attempt_at, response_status, response_body,
      error_message)
     VALUES ($1, $2, 'dead', 2, now(), 500, 'down', 'HTTP 500') RETURNING id`,
    [destination.id, logId],
  );
  const deliveryId = rows[0]!.id;
  await db.pool.query(
    `INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, started_at, duration_ms, request_url, request_headers,
      response_status, response_headers, response_body, error, outcome)
     VALUES ($1, 1, now(), 12, 'http://127.0.0.1:9/contract-resources', '{"webhook-id":"x"}', 500, '{"content-type":"text/plain"}',
       'down', 'HTTP 500', 'failed')`,
    [deliveryId],
  );
  const letter = await db.pool.query<{ id: string }>(
    "INSERT INTO failed_webhooks (webhook_payload_json, error_message, last_attempt_at) VALUES ($1, 'HTTP 500', now()) RETURNING id::text",
    [
      JSON.stringify({
        delivery_id: deliveryId,
        destination_id: destination.id,
        destination_name: "contract",
        log_id: logId,
        org_id: org,
        event_type: "contract.event",
        url: "http://127.0.0.1:9/contract-resources",
      }),
    ],
  );
  return { destinationId: destination.id, deliveryId, failedWebhookId: letter.rows[0]!.id };
}

function splitKey(operation: string): { method: Method; path: string } {
  const [method, route] = operation.split(" ") as [Method, string];
  return { method, path: route };
}

async function handlerOf(operation: string): Promise<Handler> {
  const { method } = splitKey(operation);
  const mod = (await import(path.join(API_V1_ROOT, CASES[operation]!.file))) as Record<string, Handler>;
  return mod[method.toUpperCase()]!;
}

interface Call {
  key?: string | null;
  ids?: Ids;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  query?: string;
  params?: Record<string, string>;
}

/** Calls the operation's real handler and holds the answer to the document. */
async function drive(operation: string, label: string, call: Call = {}): Promise<{ status: number; body: unknown }> {
  const { method, path: route } = splitKey(operation);
  const spec = CASES[operation]!;
  const params = call.params ?? spec.params?.(call.ids ?? ids) ?? {};
  const url = route.replace("{id}", encodeURIComponent(params.id ?? "")) + (call.query ?? "");
  const headers: Record<string, string> = {};
  if (call.key) headers.authorization = `Bearer ${call.key}`;
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  if (body !== undefined) headers["content-type"] = call.contentType ?? "application/json";
  const request = new Request(`http://127.0.0.1${url}`, { method: method.toUpperCase(), headers, body });
  const response = await (await handlerOf(operation))(request, { params: Promise.resolve(params) });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  const status = String(response.status);
  const documented = api.paths[route]![method]!.responses[status];
  expect(
    documented,
    `${operation} (${label}) answered ${status}, which the document does not list: ${text}`,
  ).toBeDefined();
  const schema = documented!.content?.["application/json"]?.schema;
  if (schema) {
    expect(response.headers.get("content-type"), `${operation} (${label})`).toMatch(/^application\/json/);
    const key = `${operation} ${status}`;
    let validate = validators.get(key);
    if (!validate) validators.set(key, (validate = ajv.compile(schema)));
    expect(validate(parsed), `${operation} (${label}) ${status}: ${ajv.errorsText(validate.errors)}\n${text}`).toBe(
      true,
    );
  } else {
    expect(text, `${operation} (${label}) ${status} documents no body`).toBe("");
  }
  for (const [name, header] of Object.entries(documented!.headers ?? {}))
    if (header.required) expect(response.headers.get(name), `${operation} (${label}) ${status} ${name}`).not.toBeNull();
  const statuses = checked.get(operation) ?? new Set<string>();
  statuses.add(status);
  checked.set(operation, statuses);
  responsesChecked++;
  return { status: response.status, body: parsed };
}

async function storedRows(): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM webhook_destinations) AS destinations,
            (SELECT count(*)::int FROM activity_logs) AS logs,
            (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'pending') AS pending,
            (SELECT count(*)::int FROM audit_logs) AS audit`,
  );
  return rows[0]!;
}

/** The document as written (before swagger-parser resolves its $refs). */
const documentedPaths = openApiDocument.paths as unknown as Record<string, Record<string, Operation>>;
const operations = Object.entries(openApiDocument.paths).flatMap(([route, item]) =>
  Object.keys(item)
    .filter((k) => k !== "parameters")
    .map((method) => `${method} ${route}`),
);

beforeAll(async () => {
  api = (await SwaggerParser.validate(structuredClone(openApiDocument) as never)) as unknown as typeof api;
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  otherOrgId = await createOrg(db.pool);
  keys.manage = await createApiKey(db.pool, orgId, ["manage"]);
  keys.ingest = await createApiKey(db.pool, orgId, ["ingest"]);
  keys.both = await createApiKey(db.pool, orgId, ["ingest", "manage"]);
  keys.otherManage = await createApiKey(db.pool, otherOrgId, ["manage"]);
  keys.otherIngest = await createApiKey(db.pool, otherOrgId, ["ingest"]);
  ids = await resources(orgId);
  otherIds = await resources(otherOrgId);
});

afterAll(() => {
  const pairs = [...checked.values()].reduce((n, s) => n + s.size, 0);
  console.log(
    `API contract: ${checked.size} operations driven, ${responsesChecked} responses checked against the document, ` +
      `${pairs} distinct (operation, status) pairs: ${[...checked].map(([op, s]) => `${op} [${[...s].sort().join(",")}]`).join("; ")}`,
  );
});

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document (swagger-parser)", () => {
    expect(Object.keys(api.paths).length).toBeGreaterThanOrEqual(12);
  });

  it("describes every route file and method under app/api/v1, and this test drives every operation it describes", async () => {
    const fromFiles: string[] = [];
    for (const file of filesNamed(API_V1_ROOT, "route.ts")) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of ROUTE_METHODS)
        if (typeof mod[method] === "function") fromFiles.push(`${method.toLowerCase()} ${openApiPath(file)}`);
    }
    expect(
      fromFiles.filter((op) => !operations.includes(op)),
      "route methods the document does not describe",
    ).toEqual([]);
    expect(
      operations.filter((op) => !fromFiles.includes(op)),
      "documented operations without a route",
    ).toEqual([]);
    expect(operations.filter((op) => !CASES[op]).sort(), "documented operations this test does not drive").toEqual([]);
  });

  it("states a scope on every operation behind a key, and 401/403/429/503 with the shared Error body", () => {
    for (const operation of operations) {
      const { method, path: route } = splitKey(operation);
      const op = api.paths[route]![method]!;
      if (op.security && op.security.length === 0) continue;
      expect(["ingest", "manage"], operation).toContain(op["x-required-scope"]);
      expect(JSON.stringify(op), operation).toContain(`\`${op["x-required-scope"]}\` scope`);
      for (const status of ["401", "403", "429", "503"])
        expect(op.responses, `${operation} ${status}`).toHaveProperty([status]);
      expect(op.responses["429"]!.headers, operation).toHaveProperty(["Retry-After"]);
      if (op.requestBody)
        for (const status of ["400", "413", "415"]) expect(op.responses, operation).toHaveProperty([status]);
    }
  });
});

describe("every operation, good and bad input, against the document", () => {
  for (const operation of operations) {
    const spec = CASES[operation];
    if (!spec) continue;
    const { method, path: route } = splitKey(operation);
    const doc = documentedPaths[route]![method]!;
    const scope = doc["x-required-scope"];
    const rightKey = () => (scope === "ingest" ? keys.ingest : keys.manage);

    it(`${operation}: the good call${scope ? ", no key, a wrong key and a key without the scope" : ""}`, async () => {
      const own = spec.good.fresh ? await resources(orgId) : ids;
      if (spec.good.body !== undefined && doc.requestBody) {
        const schema = api.paths[route]![method]!.requestBody!.content["application/json"]!.schema;
        const validate = ajv.compile(schema);
        expect(validate(spec.good.body), `good request body: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
      const good = await drive(operation, "good", { key: scope ? rightKey() : null, ids: own, ...spec.good });
      expect(good.status, JSON.stringify(good.body)).toBeLessThan(300);
      if (spec.conflictsWhenRepeated)
        expect((await drive(operation, "repeated", { key: rightKey(), ids: own })).status).toBe(409);
      if (!scope) return;
      expect((await drive(operation, "no key", { key: null, ...spec.good })).status).toBe(401);
      expect((await drive(operation, "unknown key", { key: "hk_not_a_key", ...spec.good })).status).toBe(401);
      const before = await storedRows();
      const wrongScope = await drive(operation, "key without the scope", {
        key: scope === "ingest" ? keys.manage : keys.ingest,
        ...spec.good,
      });
      expect(wrongScope.status).toBe(403);
      expect(wrongScope.body).toMatchObject({ code: "insufficient_scope" });
      expect(await storedRows()).toEqual(before);
      // A key with both scopes may call it too.
      const both = spec.good.fresh ? await resources(orgId) : ids;
      const withBoth = await drive(operation, "key with both scopes", { key: keys.both, ids: both, ...spec.good });
      expect(withBoth.status).toBeLessThan(300);
    });

    if (spec.params) {
      it(`${operation}: unknown, malformed and another organisation's ids are 404`, async () => {
        const before = await storedRows();
        for (const [label, id] of [
          ["unknown id", route.includes("failed-webhooks") ? "999999999" : "00000000-0000-4000-8000-000000000000"],
          ["malformed id", "not-an-id"],
          ["other org's id", spec.params!(otherIds).id!],
        ] as const) {
          const answer = await drive(operation, label, { key: rightKey(), params: { id }, body: spec.good.body });
          expect(answer.status, label).toBe(404);
        }
        // The other org's own key reaches it, so the id is real.
        const theirs = spec.good.fresh ? await resources(otherOrgId) : otherIds;
        const owner = await drive(operation, "other org's own key", {
          key: keys.otherManage,
          ids: theirs,
          body: spec.good.body,
        });
        expect(owner.status).toBeLessThan(300);
        if (method === "get") expect(await storedRows()).toEqual(before);
      });
    }

    if (doc.requestBody) {
      it(`${operation}: unknown fields, wrong types, bad JSON, a non-JSON or too large body: refused, nothing stored`, async () => {
        const key = rightKey();
        const own = spec.good.fresh ? await resources(orgId) : ids;
        const base = (spec.good.body ?? {}) as Record<string, unknown>;
        const before = await storedRows();
        const unknown = await drive(operation, "unknown field", {
          key,
          ids: own,
          body: { ...base, unknown_field: 1, ...(scope === "ingest" ? { eventType: "x" } : {}) },
        });
        expect(unknown.status).toBe(400);
        const fieldErrors = (unknown.body as { field_errors: Record<string, string[]> }).field_errors;
        expect(fieldErrors).toHaveProperty(["unknown_field"]);
        if (scope === "ingest") expect(fieldErrors.eventType).toEqual(["Unknown field; did you mean event_type?"]);
        const wrongType = await drive(operation, "wrong type", { key, ids: own, body: spec.wrongType ?? [] });
        expect(wrongType.status).toBe(400);
        expect((await drive(operation, "malformed JSON", { key, ids: own, rawBody: "{nope" })).status).toBe(400);
        const notJson = await drive(operation, "text/plain body", {
          key,
          ids: own,
          rawBody: JSON.stringify(base),
          contentType: "text/plain",
        });
        expect(notJson.status).toBe(415);
        const huge = await drive(operation, "too large", {
          key,
          ids: own,
          body: { ...base, name: "x".repeat(1_100_000) },
        });
        expect(huge.status).toBe(413);
        expect(await storedRows()).toEqual(before);
      });
    }

    if (spec.badQueries) {
      it(`${operation}: bad and unknown query parameters are 400`, async () => {
        for (const query of spec.badQueries!) {
          const answer = await drive(operation, `query ${query}`, { key: rightKey(), query });
          expect(answer.status, query).toBe(400);
        }
        const camel = await drive(operation, "camelCase query", { key: rightKey(), query: "?eventType=x" });
        expect((camel.body as { field_errors: Record<string, string[]> }).field_errors).toEqual({
          eventType: ["Unknown field; did you mean event_type?"],
        });
      });
    }
  }

  it("an unreachable database is 503 with Retry-After on every operation behind a key, nothing stored", async () => {
    const url = process.env.DATABASE_URL!;
    await closeDb();
    // Port 9 on loopback (discard) refuses connections here: the real pool fails the way it
    // fails when PostgreSQL is down.
    process.env.DATABASE_URL = "postgres://hookline:x@127.0.0.1:9/none?connect_timeout=2";
    try {
      for (const operation of operations) {
        const doc = documentedPaths[splitKey(operation).path]![splitKey(operation).method]!;
        if (!doc["x-required-scope"]) continue;
        const answer = await drive(operation, "database down", { key: keys.both, ...CASES[operation]!.good });
        expect(answer.status, operation).toBe(503);
      }
    } finally {
      await closeDb();
      process.env.DATABASE_URL = url;
    }
  });

  it("a rate-limited key gets 429 with Retry-After (ingest), and the API's rate-limit answer fits every operation's 429", async () => {
    const key = await createApiKey(db.pool, orgId, ["ingest"]);
    const previous = process.env.INGEST_RATE_LIMIT;
    process.env.INGEST_RATE_LIMIT = "1";
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await drive("post /api/v1/events", "rate limited", { key, ...CASES["post /api/v1/events"]!.good })).status,
        );
      expect(statuses).toContain(429);
    } finally {
      if (previous === undefined) delete process.env.INGEST_RATE_LIMIT;
      else process.env.INGEST_RATE_LIMIT = previous;
    }
    // The management API's limit, for real: a key over MANAGE_RATE_LIMIT gets each operation's
    // documented 429 (drive() checks the status is documented and the body fits its schema).
    const previousManage = process.env.MANAGE_RATE_LIMIT;
    process.env.MANAGE_RATE_LIMIT = "1";
    try {
      for (const operation of operations.filter((o) => o !== "post /api/v1/events" && CASES[o]?.good)) {
        if (!api.paths[splitKey(operation).path]![splitKey(operation).method]!.responses["429"]) continue;
        const manageKey = await createApiKey(db.pool, orgId, ["manage"]);
        await drive(operation, "within the limit", { key: manageKey, ...CASES[operation]!.good });
        const limited = await drive(operation, "rate limited", { key: manageKey, ...CASES[operation]!.good });
        expect(limited.status, operation).toBe(429);
      }
    } finally {
      if (previousManage === undefined) delete process.env.MANAGE_RATE_LIMIT;
      else process.env.MANAGE_RATE_LIMIT = previousManage;
    }
    // Every operation's documented 429 also fits the helper's answer as such.
    for (const operation of operations) {
      const { method, path: route } = splitKey(operation);
      const documented = api.paths[route]![method]!.responses["429"];
      if (!documented) continue;
      const response = errorResponse(new RateLimitedError(7));
      const validate = ajv.compile(documented.content!["application/json"]!.schema);
      expect(validate(await response.json()), operation).toBe(true);
      expect(response.headers.get("retry-after")).toBe("7");
    }
  });
});
