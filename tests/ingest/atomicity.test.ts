import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../app/api/v1/events/route";
import { closeDb } from "../../lib/db/client";
import { freePort } from "../../lib/db/embedded";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createDestination, createOrg } from "../helpers/fixtures";

let db: TestDatabase;
let apiKey: string;

function post(body: unknown): Promise<Response> {
  return POST(
    new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
}

const logCount = async () =>
  (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM activity_logs")).rows[0]!.n;

beforeAll(async () => {
  db = await useFreshDatabase();
  const orgId = await createOrg(db.pool);
  apiKey = await createApiKey(db.pool, orgId);
  await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/a" });
});

describe("ingest atomicity", () => {
  it("stores no log when the fan-out fails", async () => {
    await db.pool.query(
      `CREATE FUNCTION refuse_delivery() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'fan-out refused'; END $$`,
    );
    await db.pool.query(
      "CREATE TRIGGER refuse_delivery BEFORE INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION refuse_delivery()",
    );
    try {
      const before = await logCount();
      const res = await post({
        events: [
          { event_type: "a", payload: {} },
          { event_type: "b", payload: {} },
        ],
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ code: "internal", message: "Internal server error" });
      expect(await logCount()).toBe(before);
    } finally {
      await db.pool.query("DROP TRIGGER refuse_delivery ON webhook_deliveries");
    }
    expect((await post({ event_type: "a", payload: {} })).status).toBe(202);
  });
});

describe("database unavailable", () => {
  let savedUrl: string | undefined;

  afterAll(async () => {
    await closeDb();
    process.env.DATABASE_URL = savedUrl;
  });

  it("answers 503 with Retry-After when PostgreSQL cannot be reached", async () => {
    savedUrl = process.env.DATABASE_URL;
    await closeDb();
    // A port nothing listens on: connection refused.
    process.env.DATABASE_URL = `postgres://postgres:x@127.0.0.1:${await freePort()}/none`;
    const res = await post({ event_type: "a", payload: {} });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect((await res.json()).code).toBe("unavailable");
  });
});
