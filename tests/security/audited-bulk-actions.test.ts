import { beforeAll, describe, expect, it } from "vitest";
import type { AuditActor } from "../../lib/audit/record-audit";
import { cancelDeliveries, retryDeliveries } from "../../lib/deliveries";
import { BULK_BATCH_SIZE } from "../../lib/bulk/run-batches";
import { discardFailedWebhooks, retryFailedWebhooks } from "../../lib/failed-webhooks";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";

// Bulk retry / cancel / discard write their audit row only when they changed something, in
// the same transaction as the change, and one row per action however many batches it took
// (with the count of what was committed).

let t: TestDatabase;
let orgId: string;
let destinationId: string;
const actor: AuditActor = { userId: null, label: "bulk-tester" };

/** `n` deliveries in `status` for one marker event type; returns their ids. */
async function seedDeliveries(n: number, status: string, eventType: string): Promise<string[]> {
  const { rows } = await t.pool.query<{ id: string }>(
    `WITH logs AS (
       INSERT INTO activity_logs (org_id, event_type, payload) SELECT $1, $3, '{}'::jsonb FROM generate_series(1, $2) RETURNING id
     )
     INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, error_message, last_attempt_at)
     SELECT $4, id, $5, 3, 'HTTP 500', now() FROM logs RETURNING id`,
    [orgId, n, eventType, destinationId, status],
  );
  return rows.map((r) => r.id);
}

async function seedDeadLetters(deliveryIds: string[], status: string): Promise<string[]> {
  const { rows } = await t.pool.query<{ id: string }>(
    `INSERT INTO failed_webhooks (webhook_payload_json, error_message, status)
     SELECT jsonb_build_object('delivery_id', d, 'org_id', $2::text, 'destination_id', $3::text, 'event_type', 'bulk.audit'), 'HTTP 500',
       $4::failed_webhook_status
       FROM unnest($1::uuid[]) AS d RETURNING id::text`,
    [deliveryIds, orgId, destinationId, status],
  );
  return rows.map((r) => r.id);
}

async function auditRows(
  action: string,
): Promise<{ id: number; details: Record<string, unknown>; actor_label: string }[]> {
  const { rows } = await t.pool.query("SELECT id, details, actor_label FROM audit_logs WHERE action = $1 ORDER BY id", [
    action,
  ]);
  return rows;
}

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  destinationId = (await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/bulk" })).id;
});

describe("audited bulk actions", () => {
  it("an action that changes nothing writes no audit row (retry, cancel, discard, failed-webhook retry)", async () => {
    const delivered = await seedDeliveries(2, "delivered", "nothing.delivered");
    const letters = await seedDeadLetters(delivered, "retried");
    const before = (await t.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_logs")).rows[0]!.n;
    expect(await retryDeliveries(orgId, { ids: delivered }, actor)).toEqual({ count: 0 });
    expect(await cancelDeliveries(orgId, { ids: delivered }, actor)).toEqual({ count: 0 });
    expect(await retryDeliveries(orgId, { filter: { eventType: "no.such.type" } }, actor)).toEqual({ count: 0 });
    expect(await discardFailedWebhooks(orgId, { ids: letters }, actor)).toEqual({ count: 0 });
    expect((await retryFailedWebhooks(orgId, { ids: letters }, actor)).count).toBe(0);
    const after = (await t.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_logs")).rows[0]!.n;
    expect(after).toBe(before);
  });

  it("a bulk action over several batches writes one audit row holding the committed total", async () => {
    const n = BULK_BATCH_SIZE * 2 + 7;
    await seedDeliveries(n, "failed", "many.failed");
    const progress: number[] = [];
    const result = await retryDeliveries(orgId, { filter: { eventType: "many.failed" } }, actor, (done) =>
      progress.push(done),
    );
    expect(result).toEqual({ count: n });
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const rows = await auditRows("deliveries.retried");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_label: "bulk-tester",
      details: { count: n, deadLettersMarkedRetried: 0, filter: { eventType: "many.failed" } },
    });
    const { rows: pending } = await t.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_deliveries d JOIN activity_logs l ON l.id = d.log_id WHERE l.event_type = " +
        "'many.failed' AND d.status = 'pending'",
    );
    expect(pending[0]!.n).toBe(n);
  });

  it("the audit row commits with its batch: when it cannot be written, the batch's change is rolled back too", async () => {
    const ids = await seedDeliveries(3, "dead", "audit.refused");
    const letters = await seedDeadLetters(ids, "pending");
    await t.pool.query(`
      CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$;
      CREATE TRIGGER refuse_audit BEFORE INSERT OR UPDATE ON audit_logs FOR EACH ROW EXECUTE FUNCTION refuse_audit();`);
    try {
      await expect(retryDeliveries(orgId, { ids }, actor)).rejects.toThrow(/audit log unavailable/);
      await expect(cancelDeliveries(orgId, { ids }, actor)).resolves.toEqual({ count: 0 }); // dead: nothing to cancel, no audit needed
      await expect(discardFailedWebhooks(orgId, { ids: letters }, actor)).rejects.toThrow(/audit log unavailable/);
      await expect(retryFailedWebhooks(orgId, { ids: letters }, actor)).rejects.toThrow(/audit log unavailable/);
    } finally {
      await t.pool.query("DROP TRIGGER refuse_audit ON audit_logs; DROP FUNCTION refuse_audit();");
    }
    const { rows } = await t.pool.query<{ status: string; letter: string }>(
      "SELECT d.status, f.status::text AS letter FROM webhook_deliveries d JOIN failed_webhooks f ON " +
        "f.webhook_payload_json->>'delivery_id' = d.id::text WHERE d.id = ANY ($1::uuid[])",
      [ids],
    );
    expect(rows).toEqual(ids.map(() => ({ status: "dead", letter: "pending" })));
  });
});
