import { describe, expect, it } from "vitest";
import { claimDueDeliveries } from "../../lib/dispatcher/claim-due-deliveries";
import { withCycleTransaction } from "../../lib/dispatcher/cycle-transaction";
import { deliverBatches, groupIntoBatches } from "../../lib/dispatcher/deliver-batches";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { attemptRows, deliveryRow, seedDeliveries, useDispatchTestbed } from "../dispatcher/support";
import { createDestination } from "../helpers/fixtures";

// A claim is a row lock held by the cycle's transaction. A dispatcher whose transaction ends
// before it writes its outcome (killed, frozen past its deadline, its connection lost) must
// write nothing — not the outcome, not the attempt row — and its rows must be claimable again
// at once; the dispatcher that takes them records exactly one attempt. (Found as a lease race
// by the receiver-chaos fault test under load, where late attempt rows made attempt rows
// outnumber sum(attempts).)

const bed = useDispatchTestbed();

async function attemptsMatchRows(): Promise<void> {
  const { rows } = await bed.pool.query<{ rows: number; attempts: number }>(
    "SELECT (SELECT count(*)::int FROM webhook_delivery_attempts) AS rows, (SELECT sum(attempts)::int FROM webhook_deliveries) AS attempts",
  );
  expect(rows[0]!.rows).toBe(rows[0]!.attempts);
}

describe("a dispatcher that lost its claim", () => {
  it("cannot be raced while it holds the row; once its session is gone it records nothing and the row is taken over at once", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, retryMax: 3 });
    const [id] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    const holder = await bed.pool.connect();
    holder.on("error", () => {});
    try {
      await holder.query("BEGIN");
      const claimed = await claimDueDeliveries(holder, 10, 60_000);
      expect(claimed.map((d) => d.id)).toEqual([id]);
      // Another dispatcher finds nothing to claim while the row is held.
      expect(await runDispatchCycle()).toMatchObject({ claimed: 0 });

      // The holder's session ends (a kill, idle_in_transaction_session_timeout, a restart)
      // while its request is out: the send happens, the outcome cannot be written.
      const { rows: pid } = await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await bed.pool.query("SELECT pg_terminate_backend($1)", [pid[0]!.pid]);
      await expect(deliverBatches(groupIntoBatches(claimed), { db: holder })).rejects.toThrow();
      expect(bed.receiver.requests).toHaveLength(1);
    } finally {
      holder.release(true);
    }
    expect(await attemptRows(bed.pool, id!)).toHaveLength(0);
    expect(await deliveryRow(bed.pool, id!)).toMatchObject({ status: "pending", attempts: 0, next_retry_at: null });

    // Due again at once, no lease to wait out: the next dispatcher sends and records one attempt.
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(bed.receiver.requests).toHaveLength(2);
    expect(await attemptRows(bed.pool, id!)).toHaveLength(1);
    await attemptsMatchRows();
  });

  it("a cycle idle past its deadline is ended by PostgreSQL and its rows are free again", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, retryMax: 3 });
    const [id] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    const frozen = withCycleTransaction(async (tx) => {
      const claimed = await claimDueDeliveries(tx.client, 10, 60_000);
      expect(claimed.map((d) => d.id)).toEqual([id]);
      // A deadline already 4.8 s past: the session may stay idle for the 5 s margin's rest, 200 ms.
      await tx.limitIdle(-4_800);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return claimed;
    });
    await expect(frozen).rejects.toThrow();
    expect(await deliveryRow(bed.pool, id!)).toMatchObject({ status: "pending", attempts: 0 });
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 1 });
    await attemptsMatchRows();
  });
});
