import { afterAll, describe, expect, it } from "vitest";
import { CLAIM_DUE_DELIVERIES_SQL, claimDueDeliveries } from "../../lib/dispatcher/claim-due-deliveries";
import { withCycleTransaction } from "../../lib/dispatcher/cycle-transaction";
import { releaseLeases } from "../../lib/dispatcher/release-leases";
import { groupIntoBatches } from "../../lib/dispatcher/deliver-batches";
import { createDestination } from "../helpers/fixtures";
import { seedDeliveries, useDispatchTestbed } from "./support";

const bed = useDispatchTestbed({ receiver: false });
afterAll(async () => {
  await bed.pool.query("DELETE FROM webhook_deliveries");
});

function planNodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(planNodes)];
}

describe("claimDueDeliveries", () => {
  it("claims due rows of enabled destinations only, holding them as row locks without writing to them", async () => {
    const enabled = await createDestination(bed.pool, bed.orgId, { url: "http://127.0.0.1:9/a", timeoutMs: 2000 });
    const disabled = await createDestination(bed.pool, bed.orgId, { url: "http://127.0.0.1:9/b", enabled: false });
    const [pending, failedDue, failedLater, delivered, dead] = await seedDeliveries(bed.pool, bed.orgId, enabled.id, 5);
    const [ofDisabled] = await seedDeliveries(bed.pool, bed.orgId, disabled.id, 1);
    await bed.pool.query(
      "UPDATE webhook_deliveries SET status = 'failed', attempts = 1, next_retry_at = now() - interval '1 second' WHERE id = $1",
      [failedDue],
    );
    await bed.pool.query(
      "UPDATE webhook_deliveries SET status = 'failed', attempts = 1, next_retry_at = now() + interval '1 hour' WHERE id = $1",
      [failedLater],
    );
    await bed.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE id = $1", [delivered]);
    await bed.pool.query("UPDATE webhook_deliveries SET status = 'dead' WHERE id = $1", [dead]);

    const before = await bed.pool.query<{ id: string; next_retry_at: Date | null; xmin: string }>(
      "SELECT id, next_retry_at, xmin::text FROM webhook_deliveries WHERE id = ANY($1) ORDER BY id",
      [[pending, failedDue]],
    );
    const holder = await bed.pool.connect();
    try {
      await holder.query("BEGIN");
      const claimed = await claimDueDeliveries(holder, 100, 60_000);
      expect(claimed.map((c) => c.id).sort()).toEqual([pending, failedDue].sort());
      // Never-tried rows (next_retry_at NULL) come first.
      expect(claimed[0]!.id).toBe(pending);
      const failed = claimed.find((c) => c.id === failedDue)!;
      expect(failed.attempts).toBe(1);
      expect(failed.destination).toMatchObject({
        id: enabled.id,
        orgId: bed.orgId,
        timeoutMs: 2000,
        batchSize: 1,
        authType: "none",
      });
      expect(failed.event.type).toBe("user.login");
      expect(failed.leaseExpiresAt).toBeGreaterThan(Date.now() + 55_000);

      // The claim wrote nothing: same values, same row versions (xmin) as before it.
      const during = await bed.pool.query(
        "SELECT id, next_retry_at, xmin::text FROM webhook_deliveries WHERE id = ANY($1) ORDER BY id",
        [[pending, failedDue]],
      );
      expect(during.rows).toEqual(before.rows);
      // Held rows are not claimable by anyone else while the claim's transaction is open;
      // the disabled destination's row never was.
      expect(await claimDueDeliveries(bed.pool, 100, 60_000)).toEqual([]);
      expect(ofDisabled).toBeTruthy();
      await holder.query("ROLLBACK");
    } finally {
      holder.release();
    }
    // The transaction ended (as when a dispatcher dies): the rows are due again at once.
    const again = await withCycleTransaction(async (tx) => {
      const claimed = await claimDueDeliveries(tx.client, 100, 60_000);
      expect(claimed.map((c) => c.id).sort()).toEqual([pending, failedDue].sort());
      // Handing rows back with a delay (credentials that cannot be decrypted) parks them.
      expect(await releaseLeases(tx.client, claimed, 60_000)).toBe(2);
      return claimed;
    });
    expect(again).toHaveLength(2);
    expect(await withCycleTransaction((tx) => claimDueDeliveries(tx.client, 100, 60_000))).toEqual([]);
    await bed.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE destination_id = $1", [enabled.id]);
  });

  it("a claim is never shorter than the destination's timeout", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, {
      url: "http://127.0.0.1:9/c",
      timeoutMs: 30_000,
    });
    await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    const [claimed] = await withCycleTransaction((tx) => claimDueDeliveries(tx.client, 10, 1_000));
    expect(claimed!.leaseExpiresAt - Date.now()).toBeGreaterThan(30_000);
    await bed.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE destination_id = $1", [
      destination.id,
    ]);
  });

  it("parallel claims never return the same row twice", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, { url: "http://127.0.0.1:9/d" });
    const ids = await seedDeliveries(bed.pool, bed.orgId, destination.id, 300);
    // Six cycles claim at once and hold their rows until all six have claimed.
    let claimedSoFar = 0;
    let allClaimed!: () => void;
    const barrier = new Promise<void>((resolve) => (allClaimed = resolve));
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        withCycleTransaction(async (tx) => {
          const rows = await claimDueDeliveries(tx.client, 60, 60_000);
          if (++claimedSoFar === 6) allClaimed();
          await barrier;
          return rows;
        }),
      ),
    );
    const claimed = results.flat().map((c) => c.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.length).toBe(300);
    expect(new Set(claimed)).toEqual(new Set(ids));
    await bed.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE destination_id = $1", [
      destination.id,
    ]);
  });

  it("groups a destination's claims into batches of its batch_size", async () => {
    const batched = await createDestination(bed.pool, bed.orgId, { url: "http://127.0.0.1:9/e", batchSize: 3 });
    const single = await createDestination(bed.pool, bed.orgId, { url: "http://127.0.0.1:9/f" });
    await seedDeliveries(bed.pool, bed.orgId, batched.id, 7);
    await seedDeliveries(bed.pool, bed.orgId, single.id, 2);
    const batches = groupIntoBatches(await withCycleTransaction((tx) => claimDueDeliveries(tx.client, 100, 60_000)));
    const sizes = (id: string) => batches.filter((b) => b.destination.id === id).map((b) => b.deliveries.length);
    expect(sizes(batched.id)).toEqual([3, 3, 1]);
    expect(sizes(single.id)).toEqual([1, 1]);
    await bed.pool.query("UPDATE webhook_deliveries SET status = 'delivered'");
  });

  it("reads the partial pending index, not the whole table", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, { url: "http://127.0.0.1:9/g" });
    // A realistic shape: most rows long delivered, a few due.
    await seedDeliveries(bed.pool, bed.orgId, destination.id, 20_000, "user.login", "delivered");
    await seedDeliveries(bed.pool, bed.orgId, destination.id, 50);
    await bed.pool.query("ANALYZE webhook_deliveries");
    await bed.pool.query("ANALYZE webhook_destinations");
    const { rows } = await bed.pool.query<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(
      `EXPLAIN (FORMAT JSON) ${CLAIM_DUE_DELIVERIES_SQL}`,
      [500, 60_000],
    );
    if (process.env.SHOW_PLAN) console.log(JSON.stringify(rows[0]!["QUERY PLAN"], null, 1));
    const nodes = planNodes(rows[0]!["QUERY PLAN"][0].Plan);
    const onDeliveries = nodes.filter((n) => n["Relation Name"] === "webhook_deliveries");
    expect(onDeliveries.some((n) => n["Index Name"] === "idx_webhook_deliveries_pending")).toBe(true);
    expect(onDeliveries.some((n) => n["Node Type"] === "Seq Scan")).toBe(false);
  });

  it("reads only as far into a deep backlog as the claim needs: index order, no sort of every due row", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, { url: "http://127.0.0.1:9/h" });
    await seedDeliveries(bed.pool, bed.orgId, destination.id, 5_000);
    await bed.pool.query(
      `UPDATE webhook_deliveries SET status = 'failed', attempts = 1, next_retry_at = now() - interval '1 minute'
        WHERE id IN (SELECT id FROM webhook_deliveries WHERE destination_id = $1 LIMIT 2000)`,
      [destination.id],
    );
    await bed.pool.query("ANALYZE webhook_deliveries");
    const { rows } = await bed.pool.query<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${CLAIM_DUE_DELIVERIES_SQL}`,
      [20, 60_000],
    );
    if (process.env.SHOW_PLAN) console.log(JSON.stringify(rows[0]!["QUERY PLAN"], null, 1));
    const nodes = planNodes(rows[0]!["QUERY PLAN"][0].Plan);
    expect(nodes.some((n) => n["Node Type"] === "Sort")).toBe(false);
    const scans = nodes.filter((n) => n["Relation Name"] === "webhook_deliveries");
    // 5,000 due rows, a claim of 20: the pending range is read 20 rows deep and the failed
    // branch not at all (it was 5,000 rows fetched and sorted per claim before).
    const read = scans.reduce((sum, n) => sum + Number(n["Actual Rows"] ?? 0) * Number(n["Actual Loops"] ?? 1), 0);
    expect(read).toBeLessThanOrEqual(40);
    await bed.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE destination_id = $1", [
      destination.id,
    ]);
  });
});
