import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createDestination, createLog, createOrg } from "../helpers/fixtures";
import type { ApiKeyScope } from "../../lib/api-keys/api-key-scopes";
import { openApiDocument } from "../../lib/api/openapi";
import { filesNamed } from "../helpers/app-files";

/**
 * Every route handler × every kind of caller: no credentials, a wrong or revoked key, a key of
 * another organisation, the right key. A route file that is not in this matrix fails the test,
 * so a new route cannot ship without its authorization being stated here.
 */

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
interface Ids {
  destinationId: string;
  deliveryId: string;
  failedWebhookId: string;
}
interface ApiRoute {
  kind: "api-key";
  /** The scope a key needs (`x-required-scope` in the OpenAPI document); a key without it gets 403. */
  scope: ApiKeyScope;
  methods: Method[];
  url: (ids: Ids) => string;
  params?: (ids: Ids) => Record<string, string>;
  body?: (method: Method) => unknown;
  /** Collections answer the other org with its own (empty) data instead of 404. */
  collection?: boolean;
}
interface OtherRoute {
  kind: "public" | "cron-secret" | "metrics-token" | "demo-only" | "next-auth" | "dashboard-session";
  note?: string;
}

const ROUTES: Record<string, ApiRoute | OtherRoute> = {
  "app/api/v1/events/route.ts": {
    kind: "api-key",
    scope: "ingest",
    methods: ["POST"],
    url: () => "/api/v1/events",
    body: () => ({ event_type: "authz.test", payload: {} }),
    collection: true,
  },
  "app/api/v1/destinations/route.ts": {
    kind: "api-key",
    scope: "manage",
    methods: ["GET", "POST"],
    url: () => "/api/v1/destinations",
    body: (method) => (method === "POST" ? { name: "Matrix", url: "http://127.0.0.1:9/matrix" } : undefined),
    collection: true,
  },
  "app/api/v1/destinations/[id]/route.ts": {
    kind: "api-key",
    scope: "manage",
    methods: ["GET", "PATCH", "DELETE"],
    url: (ids) => `/api/v1/destinations/${ids.destinationId}`,
    params: (ids) => ({ id: ids.destinationId }),
    body: (method) => (method === "PATCH" ? { name: "Renamed by matrix" } : undefined),
  },
  "app/api/v1/destinations/[id]/rotate-secret/route.ts": {
    kind: "api-key",
    scope: "manage",
    methods: ["POST"],
    url: (ids) => `/api/v1/destinations/${ids.destinationId}/rotate-secret`,
    params: (ids) => ({ id: ids.destinationId }),
  },
  "app/api/v1/deliveries/route.ts": {
    kind: "api-key",
    scope: "manage",
    methods: ["GET"],
    url: () => "/api/v1/deliveries",
    collection: true,
  },
  "app/api/v1/deliveries/[id]/route.ts": {
    kind: "api-key",
    scope: "manage",
    methods: ["GET"],
    url: (ids) => `/api/v1/deliveries/${ids.deliveryId}`,
    params: (ids) => ({ id: ids.deliveryId }),
  },
  "app/api/v1/deliveries/[id]/retry/route.ts": {
    kind: "api-key",
    scope: "manage",
    methods: ["POST"],
    url: (ids) => `/api/v1/deliveries/${ids.deliveryId}/retry`,
    params: (ids) => ({ id: ids.deliveryId }),
  },
  "app/api/v1/failed-webhooks/route.ts": {
    kind: "api-key",
    scope: "manage",
    methods: ["GET"],
    url: () => "/api/v1/failed-webhooks",
    collection: true,
  },
  "app/api/v1/failed-webhooks/[id]/route.ts": {
    kind: "api-key",
    scope: "manage",
    methods: ["GET"],
    url: (ids) => `/api/v1/failed-webhooks/${ids.failedWebhookId}`,
    params: (ids) => ({ id: ids.failedWebhookId }),
  },
  "app/api/v1/failed-webhooks/[id]/retry/route.ts": {
    kind: "api-key",
    scope: "manage",
    methods: ["POST"],
    url: (ids) => `/api/v1/failed-webhooks/${ids.failedWebhookId}/retry`,
    params: (ids) => ({ id: ids.failedWebhookId }),
  },
  "app/api/v1/failed-webhooks/[id]/discard/route.ts": {
    kind: "api-key",
    scope: "manage",
    methods: ["POST"],
    url: (ids) => `/api/v1/failed-webhooks/${ids.failedWebhookId}/discard`,
    params: (ids) => ({ id: ids.failedWebhookId }),
  },
  "app/api/v1/openapi.json/route.ts": { kind: "public", note: "describes the API, grants nothing" },
  "app/api/health/route.ts": { kind: "public", note: "liveness" },
  "app/api/ready/route.ts": { kind: "public", note: "readiness; reveals only pending migration names" },
  "app/api/cron/dispatch/route.ts": { kind: "cron-secret" },
  "app/api/metrics/route.ts": { kind: "metrics-token" },
  "app/api/dev/receiver/route.ts": { kind: "demo-only" },
  "app/api/auth/[...nextauth]/route.ts": {
    kind: "next-auth",
    note: "next-auth's own endpoints; sign-in is covered by tests/auth and e2e/login.spec.ts",
  },
  "app/(dashboard)/deliveries/bulk/route.ts": {
    kind: "dashboard-session",
    note: "runs registered actions (authorization matrix in tests/dashboard); e2e/authz.spec.ts calls it as viewer and signed out",
  },
  "app/(dashboard)/failures/bulk/route.ts": { kind: "dashboard-session", note: "as above" },
  "app/(dashboard)/deliveries/export/route.ts": {
    kind: "dashboard-session",
    note: "requireUser('read'); e2e/authz.spec.ts calls it signed out and as the other org",
  },
};

/** Every route.ts below `dir`, relative to the repository and with forward slashes (the ROUTES keys). */
const routeFiles = (dir: string) =>
  filesNamed(dir, "route.ts").map((full) => path.relative(process.cwd(), full).replace(/\\/g, "/"));

async function load(file: string): Promise<Record<string, Handler>> {
  return (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, Handler>;
}

let db: TestDatabase;
let ids: Ids;
/** This org's keys by scope: only ingest, only manage, both. */
let ownKeys: Record<ApiKeyScope | "both", string>;
let otherKey: string;
let revokedKey: string;

async function firstOrgData(orgId: string): Promise<Ids> {
  const destination = await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/authz" });
  const logId = await createLog(db.pool, orgId, "authz.event");
  const { rows } = await db.pool.query<{ id: string }>(
    "INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, error_message) VALUES ($1, $2, 'dead', 3, 'HTTP " +
      "500') RETURNING id",
    [destination.id, logId],
  );
  const deliveryId = rows[0]!.id;
  const letter = await db.pool.query<{ id: number }>(
    "INSERT INTO failed_webhooks (webhook_payload_json, error_message) VALUES ($1, 'HTTP 500') RETURNING id",
    [
      JSON.stringify({
        delivery_id: deliveryId,
        destination_id: destination.id,
        log_id: logId,
        org_id: orgId,
        event_type: "authz.event",
      }),
    ],
  );
  return { destinationId: destination.id, deliveryId, failedWebhookId: String(letter.rows[0]!.id) };
}

beforeAll(async () => {
  db = await useFreshDatabase();
  const orgId = await createOrg(db.pool);
  const otherOrgId = await createOrg(db.pool);
  ownKeys = {
    ingest: await createApiKey(db.pool, orgId, ["ingest"]),
    manage: await createApiKey(db.pool, orgId, ["manage"]),
    both: await createApiKey(db.pool, orgId, ["ingest", "manage"]),
  };
  otherKey = await createApiKey(db.pool, otherOrgId, ["ingest", "manage"]);
  revokedKey = await createApiKey(db.pool, orgId, ["ingest", "manage"]);
  await db.pool.query(
    "UPDATE api_keys SET revoked_at = now() WHERE org_id = $1 AND created_at = (SELECT max(created_at) FROM api_keys WHERE org_id = $1)",
    [orgId],
  );
  ids = await firstOrgData(orgId);
});

function call(
  handler: Handler,
  route: ApiRoute,
  method: Method,
  authorization: string | null,
  current: Ids,
): Promise<Response> | Response {
  const body = route.body?.(method);
  const headers: Record<string, string> = {};
  if (authorization) headers.authorization = authorization;
  if (body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`http://127.0.0.1${route.url(current)}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return handler(request, { params: Promise.resolve(route.params?.(current) ?? {}) });
}

describe("API route authorization matrix", () => {
  it("lists every route handler in the app", () => {
    const files = [...routeFiles("app")].sort();
    expect(
      files.filter((f) => !(f in ROUTES)),
      "route files missing from the matrix",
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((f) => !files.includes(f)),
      "matrix entries without a route file",
    ).toEqual([]);
  });

  for (const [file, route] of Object.entries(ROUTES)) {
    if (route.kind !== "api-key") continue;
    for (const method of route.methods) {
      it(`${method} ${file}: 401 without a key, with a wrong key and with a revoked key`, async () => {
        const handler = (await load(file))[method]!;
        for (const authorization of [
          null,
          "Bearer hk_not_a_real_key",
          `Bearer ${revokedKey}`,
          ownKeys.both /* no Bearer scheme */,
        ]) {
          const response = await call(handler, route, method, authorization, ids);
          expect(response.status, `${method} ${file} with ${authorization ?? "no header"}`).toBe(401);
        }
      });

      it(`${method} ${file}: another organisation's key ${route.collection ? "sees none of this org's data" : "gets 404"}`, async () => {
        const handler = (await load(file))[method]!;
        const response = await call(handler, route, method, `Bearer ${otherKey}`, ids);
        if (route.collection) {
          expect(response.status).toBeLessThan(300);
          const text = await response.text();
          for (const id of Object.values(ids)) expect(text).not.toContain(`"${id}"`);
        } else {
          expect(response.status).toBe(404);
        }
      });

      it(`${method} ${file}: a key without the ${route.scope} scope gets 403, changes nothing; the spec says ${route.scope}`, async () => {
        const documented = (openApiDocument.paths as Record<string, Record<string, { "x-required-scope"?: string }>>)[
          `/${file
            .replace(/^app\//, "")
            .replace(/\/route\.ts$/, "")
            .replace(/\[(\w+)\]/g, "{$1}")}`
        ]?.[method.toLowerCase()];
        expect(documented?.["x-required-scope"], "x-required-scope in lib/api/openapi.ts").toBe(route.scope);
        const handler = (await load(file))[method]!;
        const other: ApiKeyScope = route.scope === "ingest" ? "manage" : "ingest";
        const before = await db.pool.query(
          "SELECT (SELECT count(*) FROM webhook_destinations) AS d, (SELECT count(*) FROM activity_logs) AS l, (SELECT count(*) " +
            "FROM audit_logs) AS a",
        );
        const response = await call(handler, route, method, `Bearer ${ownKeys[other]}`, ids);
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({
          code: "insufficient_scope",
          message: expect.stringContaining(`needs the ${route.scope} scope`),
        });
        const after = await db.pool.query(
          "SELECT (SELECT count(*) FROM webhook_destinations) AS d, (SELECT count(*) FROM activity_logs) AS l, (SELECT count(*) " +
            "FROM audit_logs) AS a",
        );
        expect(after.rows).toEqual(before.rows);
      });

      it(`${method} ${file}: the right key succeeds (a key with the ${route.scope} scope, and one with both)`, async () => {
        // Destructive calls get their own fresh resources so the other cases keep theirs.
        const orgOf = (
          await db.pool.query("SELECT org_id FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at LIMIT 1")
        ).rows[0].org_id;
        const own =
          method === "DELETE" || file.includes("discard") || file.includes("retry") ? await firstOrgData(orgOf) : ids;
        const handler = (await load(file))[method]!;
        const response = await call(handler, route, method, `Bearer ${ownKeys[route.scope]}`, own);
        expect(response.status, `${method} ${file}: ${await response.clone().text()}`).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(300);
        const again =
          method === "DELETE" || file.includes("discard") || file.includes("retry") ? await firstOrgData(orgOf) : ids;
        const withBoth = await call(handler, route, method, `Bearer ${ownKeys.both}`, again);
        expect(withBoth.status, `${method} ${file} with both scopes`).toBeLessThan(300);
      });
    }
  }

  it("public routes answer without credentials", async () => {
    for (const file of ["app/api/v1/openapi.json/route.ts", "app/api/health/route.ts", "app/api/ready/route.ts"]) {
      const response = await (await load(file)).GET!(new Request("http://127.0.0.1/"), { params: Promise.resolve({}) });
      expect(response.status, file).toBe(200);
    }
  });

  it("the cron route needs CRON_SECRET, compared exactly", async () => {
    const { GET, POST } = await load("app/api/cron/dispatch/route.ts");
    for (const handler of [GET!, POST!]) {
      for (const authorization of [
        null,
        "Bearer",
        `Bearer ${process.env.CRON_SECRET}x`,
        `bearer ${process.env.CRON_SECRET}`,
        process.env.CRON_SECRET!,
      ]) {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        expect(
          (
            await handler(new Request("http://127.0.0.1/api/cron/dispatch", { headers }), {
              params: Promise.resolve({}),
            })
          ).status,
        ).toBe(401);
      }
      const ok = await handler(
        new Request("http://127.0.0.1/api/cron/dispatch", {
          headers: { authorization: `Bearer ${process.env.CRON_SECRET}` },
        }),
        { params: Promise.resolve({}) },
      );
      expect(ok.status).toBe(200);
    }
  });

  it("metrics need METRICS_TOKEN and are off without one", async () => {
    const { GET } = await load("app/api/metrics/route.ts");
    delete process.env.METRICS_TOKEN;
    expect((await GET!(new Request("http://127.0.0.1/api/metrics"), { params: Promise.resolve({}) })).status).toBe(404);
    process.env.METRICS_TOKEN = "matrix-token";
    expect(
      (
        await GET!(
          new Request("http://127.0.0.1/api/metrics", { headers: { authorization: `Bearer ${ownKeys.both}` } }),
          {
            params: Promise.resolve({}),
          },
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await GET!(new Request("http://127.0.0.1/api/metrics", { headers: { authorization: "Bearer matrix-token" } }), {
          params: Promise.resolve({}),
        })
      ).status,
    ).toBe(200);
  });

  it("the demo receiver does not exist outside demo mode", async () => {
    const { POST } = await load("app/api/dev/receiver/route.ts");
    delete process.env.DEMO_MODE;
    const response = await POST!(
      new Request("http://127.0.0.1/api/dev/receiver?mode=ok", { method: "POST", body: "[]" }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(404);
  });
});
