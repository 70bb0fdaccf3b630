import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createLog, createOrg } from "../helpers/fixtures";

let db: TestDatabase;
let orgId: string;
let destinationId: string;

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  destinationId = (await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/hook" })).id;
});

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe("webhook_deliveries", () => {
  it("defaults to pending with 0 attempts and rejects an unknown status", async () => {
    const logId = await createLog(db.pool, orgId);
    const { rows } = await db.pool.query(
      "INSERT INTO webhook_deliveries (destination_id, log_id) VALUES ($1, $2) RETURNING status, attempts, created_at",
      [destinationId, logId],
    );
    expect(rows[0].status).toBe("pending");
    expect(rows[0].attempts).toBe(0);
    expect(rows[0].created_at).toBeInstanceOf(Date);
    const other = await createLog(db.pool, orgId);
    expect(
      await code(
        db.pool.query("INSERT INTO webhook_deliveries (destination_id, log_id, status) VALUES ($1, $2, 'bogus')", [
          destinationId,
          other,
        ]),
      ),
    ).toBe("23514");
  });

  it("allows one delivery per (destination, log)", async () => {
    const logId = await createLog(db.pool, orgId);
    await db.pool.query("INSERT INTO webhook_deliveries (destination_id, log_id) VALUES ($1, $2)", [
      destinationId,
      logId,
    ]);
    expect(
      await code(
        db.pool.query("INSERT INTO webhook_deliveries (destination_id, log_id) VALUES ($1, $2)", [
          destinationId,
          logId,
        ]),
      ),
    ).toBe("23505");
  });

  it("cascades from its destination and from its activity log", async () => {
    const dest = await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/other" });
    const logA = await createLog(db.pool, orgId);
    const logB = await createLog(db.pool, orgId);
    await db.pool.query("INSERT INTO webhook_deliveries (destination_id, log_id) VALUES ($1, $2), ($1, $3)", [
      dest.id,
      logA,
      logB,
    ]);
    await db.pool.query("DELETE FROM activity_logs WHERE id = $1", [logA]);
    expect(
      (await db.pool.query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE destination_id = $1", [dest.id]))
        .rows[0].n,
    ).toBe(1);
    await db.pool.query("DELETE FROM webhook_destinations WHERE id = $1", [dest.id]);
    expect(
      (await db.pool.query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE destination_id = $1", [dest.id]))
        .rows[0].n,
    ).toBe(0);
  });

  it("serves the dispatcher's due query from the partial pending index", async () => {
    await db.pool.query("SET enable_seqscan = off");
    const client = await db.pool.connect();
    try {
      await client.query("SET enable_seqscan = off");
      const { rows } = await client.query(
        "EXPLAIN SELECT id FROM webhook_deliveries WHERE status IN ('pending','failed') AND (next_retry_at IS NULL OR " +
          "next_retry_at <= now())",
      );
      expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/idx_webhook_deliveries_pending/);
    } finally {
      client.release();
    }
  });
});

describe("failed_webhooks", () => {
  it("defaults, bounds attempt_count to 0..255 and keeps updated_at current on raw UPDATEs", async () => {
    const { rows } = await db.pool.query(
      `INSERT INTO failed_webhooks (webhook_payload_json) VALUES ('{"delivery_id":"x-1"}')
       RETURNING id, status, attempt_count, created_at, updated_at`,
    );
    expect(rows[0].status).toBe("pending");
    expect(rows[0].attempt_count).toBe(0);
    expect(
      await code(db.pool.query("UPDATE failed_webhooks SET attempt_count = 256 WHERE id = $1", [rows[0].id])),
    ).toBe("23514");
    expect(await code(db.pool.query("UPDATE failed_webhooks SET attempt_count = -1 WHERE id = $1", [rows[0].id]))).toBe(
      "23514",
    );
    await db.pool.query("UPDATE failed_webhooks SET attempt_count = 255 WHERE id = $1", [rows[0].id]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = await db.pool.query(
      "UPDATE failed_webhooks SET status = 'retried' WHERE id = $1 RETURNING updated_at",
      [rows[0].id],
    );
    expect(after.rows[0].updated_at.getTime()).toBeGreaterThan(rows[0].updated_at.getTime());
    expect(await code(db.pool.query("UPDATE failed_webhooks SET status = 'bogus' WHERE id = $1", [rows[0].id]))).toBe(
      "22P02",
    );
  });

  it("requires a payload and has no foreign keys", async () => {
    expect(await code(db.pool.query("INSERT INTO failed_webhooks (webhook_payload_json) VALUES (NULL)"))).toBe("23502");
    const { rows } = await db.pool.query(
      "SELECT count(*)::int AS n FROM information_schema.table_constraints WHERE table_name = 'failed_webhooks' AND " +
        "constraint_type = 'FOREIGN KEY'",
    );
    expect(rows[0].n).toBe(0);
  });
});
