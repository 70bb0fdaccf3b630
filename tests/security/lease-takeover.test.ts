import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDueDeliveries } from "../../lib/dispatcher/claim-due-deliveries";
import { withCycleTransaction } from "../../lib/dispatcher/cycle-transaction";
import { deliverBatches, groupIntoBatches } from "../../lib/dispatcher/deliver-batches";
import { closeHttpAgent } from "../../lib/dispatcher/http-sender";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { attemptRows, deliveryRow, seedDeliveries } from "../dispatcher/support";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";
import { startReceiver, type TestReceiver } from "../../test-support/receiver";

// A claim is a row lock held by the cycle's transaction. A dispatcher whose transaction ends
// before it writes its outcome (killed, frozen past its deadline, its connection lost) must
// write nothing — not the outcome, not the attempt row — and its rows must be claimable again
// at once; the dispatcher that takes them records exactly one attempt. (Found as a lease race
// by the receiver-chaos fault test under load, where late attempt rows made attempt rows
// outnumber sum(attempts).)

let t: TestDatabase;
let orgId: string;
let receiver: TestReceiver;

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await closeHttpAgent();
});

async function attemptsMatchRows(): Promise<void> {
  const { rows } = await t.pool.query<{ rows: number; attempts: number }>(
    "SELECT (SELECT count(*)::int FROM webhook_delivery_attempts) AS rows, (SELECT sum(attempts)::int FROM webhook_deliveries) AS attempts",
  );
  expect(rows[0]!.rows).toBe(rows[0]!.attempts);
}

describe("a dispatcher that lost its claim", () => {
  it("cannot be raced while it holds the row; once its session is gone it records nothing and the row is taken over at once", async () => {
    const destination = await createDestination(t.pool, orgId, { url: receiver.url, retryMax: 3 });
    const [id] = await seedDeliveries(t.pool, orgId, destination.id, 1);
    const holder = await t.pool.connect();
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
      await t.pool.query("SELECT pg_terminate_backend($1)", [pid[0]!.pid]);
      await expect(deliverBatches(groupIntoBatches(claimed), { db: holder })).rejects.toThrow();
      expect(receiver.requests).toHaveLength(1);
    } finally {
      holder.release(true);
    }
    expect(await attemptRows(t.pool, id!)).toHaveLength(0);
    expect(await deliveryRow(t.pool, id!)).toMatchObject({ status: "pending", attempts: 0, next_retry_at: null });

    // Due again at once, no lease to wait out: the next dispatcher sends and records one attempt.
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(receiver.requests).toHaveLength(2);
    expect(await attemptRows(t.pool, id!)).toHaveLength(1);
    await attemptsMatchRows();
  });

  it("a cycle idle past its deadline is ended by PostgreSQL and its rows are free again", async () => {
    const destination = await createDestination(t.pool, orgId, { url: receiver.url, retryMax: 3 });
    const [id] = await seedDeliveries(t.pool, orgId, destination.id, 1);
    const frozen = withCycleTransaction(async (tx) => {
      const claimed = await claimDueDeliveries(tx.client, 10, 60_000);
      expect(claimed.map((d) => d.id)).toEqual([id]);
      // A deadline already 4.8 s past: the session may stay idle for the 5 s margin's rest, 200 ms.
      await tx.limitIdle(-4_800);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return claimed;
    });
    await expect(frozen).rejects.toThrow();
    expect(await deliveryRow(t.pool, id!)).toMatchObject({ status: "pending", attempts: 0 });
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 1 });
    await attemptsMatchRows();
  });
});
