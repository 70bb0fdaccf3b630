import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAIM_DUE_DELIVERIES_SQL, claimDueDeliveries } from "../../lib/dispatcher/claim-due-deliveries";
import { releaseLeases } from "../../lib/dispatcher/release-leases";
import { groupIntoBatches } from "../../lib/dispatcher/deliver-batches";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";
import { seedDeliveries } from "./support";

let t: TestDatabase;
let orgId: string;

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
});
afterAll(async () => {
  await t.pool.query("DELETE FROM webhook_deliveries");
});

function planNodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(planNodes)];
}

describe("claimDueDeliveries", () => {
  it("claims due rows of enabled destinations only, and leases them", async () => {
    const enabled = await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/a", timeoutMs: 2000 });
    const disabled = await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/b", enabled: false });
    const [pending, failedDue, failedLater, delivered, dead] = await seedDeliveries(t.pool, orgId, enabled.id, 5);
    const [ofDisabled] = await seedDeliveries(t.pool, orgId, disabled.id, 1);
    await t.pool.query(
      "UPDATE webhook_deliveries SET status = 'failed', attempts = 1, next_retry_at = now() - interval '1 second' WHERE id = $1",
      [failedDue],
    );
    await t.pool.query(
      "UPDATE webhook_deliveries SET status = 'failed', attempts = 1, next_retry_at = now() + interval '1 hour' WHERE id = $1",
      [failedLater],
    );
    await t.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE id = $1", [delivered]);
    await t.pool.query("UPDATE webhook_deliveries SET status = 'dead' WHERE id = $1", [dead]);

    const claimed = await claimDueDeliveries(100, 60_000);
    expect(claimed.map((c) => c.id).sort()).toEqual([pending, failedDue].sort());
    // Never-tried rows (next_retry_at NULL) come first.
    expect(claimed[0]!.id).toBe(pending);
    const failed = claimed.find((c) => c.id === failedDue)!;
    expect(failed.attempts).toBe(1);
    expect(failed.destination).toMatchObject({
      id: enabled.id,
      orgId,
      timeoutMs: 2000,
      batchSize: 1,
      authType: "none",
    });
    expect(failed.event.type).toBe("user.login");
    expect(failed.leaseExpiresAt).toBeGreaterThan(Date.now() + 55_000);

    const { rows } = await t.pool.query<{ id: string; lease_s: number }>(
      "SELECT id, extract(epoch FROM next_retry_at - now())::float8 AS lease_s FROM webhook_deliveries WHERE id = ANY($1)",
      [[pending, failedDue]],
    );
    for (const row of rows) expect(row.lease_s).toBeGreaterThan(58);
    // Leased rows are not due any more; the disabled destination's row never was.
    expect(await claimDueDeliveries(100, 60_000)).toEqual([]);
    expect(ofDisabled).toBeTruthy();

    // Releasing hands them back at once.
    expect(await releaseLeases(claimed)).toBe(2);
    expect((await claimDueDeliveries(100, 60_000)).map((c) => c.id).sort()).toEqual([pending, failedDue].sort());
    await t.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE destination_id = $1", [enabled.id]);
  });

  it("a lease is never shorter than the destination's timeout", async () => {
    const destination = await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/c", timeoutMs: 30_000 });
    await seedDeliveries(t.pool, orgId, destination.id, 1);
    const [claimed] = await claimDueDeliveries(10, 1_000);
    expect(claimed!.leaseExpiresAt - Date.now()).toBeGreaterThan(30_000);
    await t.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE destination_id = $1", [
      destination.id,
    ]);
  });

  it("parallel claims never return the same row twice", async () => {
    const destination = await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/d" });
    const ids = await seedDeliveries(t.pool, orgId, destination.id, 300);
    const results = await Promise.all(Array.from({ length: 6 }, () => claimDueDeliveries(60, 60_000)));
    const claimed = results.flat().map((c) => c.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.length).toBe(300);
    expect(new Set(claimed)).toEqual(new Set(ids));
    await t.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE destination_id = $1", [
      destination.id,
    ]);
  });

  it("groups a destination's claims into batches of its batch_size", async () => {
    const batched = await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/e", batchSize: 3 });
    const single = await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/f" });
    await seedDeliveries(t.pool, orgId, batched.id, 7);
    await seedDeliveries(t.pool, orgId, single.id, 2);
    const batches = groupIntoBatches(await claimDueDeliveries(100, 60_000));
    const sizes = (id: string) => batches.filter((b) => b.destination.id === id).map((b) => b.deliveries.length);
    expect(sizes(batched.id)).toEqual([3, 3, 1]);
    expect(sizes(single.id)).toEqual([1, 1]);
    await t.pool.query("UPDATE webhook_deliveries SET status = 'delivered'");
  });

  it("reads the partial pending index, not the whole table", async () => {
    const destination = await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/g" });
    // A realistic shape: most rows long delivered, a few due.
    await seedDeliveries(t.pool, orgId, destination.id, 20_000, "user.login", "delivered");
    await seedDeliveries(t.pool, orgId, destination.id, 50);
    await t.pool.query("ANALYZE webhook_deliveries");
    await t.pool.query("ANALYZE webhook_destinations");
    const { rows } = await t.pool.query<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(
      `EXPLAIN (FORMAT JSON) ${CLAIM_DUE_DELIVERIES_SQL}`,
      [500, 60_000],
    );
    if (process.env.SHOW_PLAN) console.log(JSON.stringify(rows[0]!["QUERY PLAN"], null, 1));
    const nodes = planNodes(rows[0]!["QUERY PLAN"][0].Plan);
    const onDeliveries = nodes.filter((n) => n["Relation Name"] === "webhook_deliveries");
    expect(onDeliveries.some((n) => n["Index Name"] === "idx_webhook_deliveries_pending")).toBe(true);
    expect(onDeliveries.some((n) => n["Node Type"] === "Seq Scan")).toBe(false);
  });
});
