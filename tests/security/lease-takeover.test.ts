import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDueDeliveries } from "../../lib/dispatcher/claim-due-deliveries";
import { deliverBatches, groupIntoBatches } from "../../lib/dispatcher/deliver-batches";
import { closeHttpAgent } from "../../lib/dispatcher/http-sender";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { attemptRows, deliveryRow, makeDue, seedDeliveries } from "../dispatcher/support";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";
import { startReceiver, type TestReceiver } from "../../test-support/receiver";

// A dispatcher whose lease ended before it wrote its outcome (an overloaded machine, a long
// pause) must write nothing: the dispatcher that took the delivery over counts and records the
// attempt. Found by the receiver-chaos fault test under load, where the late attempt rows
// made attempt rows outnumber sum(attempts).

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

describe("a dispatcher that lost its lease", () => {
  it("records neither the outcome nor an attempt row; the one that took over records exactly one", async () => {
    const destination = await createDestination(t.pool, orgId, { url: receiver.url, retryMax: 3 });
    const [id] = await seedDeliveries(t.pool, orgId, destination.id, 1);
    const claimed = await claimDueDeliveries(10, 60_000);
    expect(claimed.map((d) => d.id)).toEqual([id]);
    // Another dispatcher's claim after the lease ended: a new lease token on the row.
    await t.pool.query("UPDATE webhook_deliveries SET next_retry_at = now() + interval '1 hour' WHERE id = $1", [id]);

    const late = await deliverBatches(groupIntoBatches(claimed));
    expect(late).toMatchObject({ delivered: 0, failed: 0, dead: 0, stale: 1 });
    expect(receiver.requests).toHaveLength(1);
    expect(await attemptRows(t.pool, id!)).toHaveLength(0);
    expect(await deliveryRow(t.pool, id!)).toMatchObject({ status: "pending", attempts: 0 });

    // The dispatcher holding the row now sends and records the one counted attempt.
    await makeDue(t.pool, [id!]);
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await attemptRows(t.pool, id!)).toHaveLength(1);
    const { rows } = await t.pool.query<{ rows: number; attempts: number }>(
      "SELECT (SELECT count(*)::int FROM webhook_delivery_attempts) AS rows, (SELECT sum(attempts)::int FROM webhook_deliveries) AS attempts",
    );
    expect(rows[0]!.rows).toBe(rows[0]!.attempts);
  });
});
