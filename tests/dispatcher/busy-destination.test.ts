import { afterAll, describe, expect, it } from "vitest";
import { runDispatchCycle, type DispatchCounts } from "../../lib/dispatcher/run-dispatch-cycle";
import { ok } from "../../test-support/receiver";
import { createDestination } from "../helpers/fixtures";
import { seedDeliveries, useDispatchTestbed } from "./support";

const bed = useDispatchTestbed();
afterAll(() => {
  delete process.env.DISPATCH_QUEUE_WAIT_MS;
});

const SLOW_MS = 300;

async function statuses(destinationId: string): Promise<Record<string, number>> {
  const { rows } = await bed.pool.query<{ status: string; n: number }>(
    "SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE destination_id = $1 GROUP BY status",
    [destinationId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Two destinations on the receiver: one whose requests it answers after SLOW_MS, one at once. */
async function slowAndFastDestinations(): Promise<{
  slowDestination: { id: string };
  fastDestination: { id: string };
}> {
  bed.receiver.respond(async (request, response) => {
    if (request.url.includes("slow")) await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    ok(request, response);
  });
  const create = (speed: string) =>
    createDestination(bed.pool, bed.orgId, { url: `${bed.receiver.url}?${speed}`, retryMax: 5 });
  return { slowDestination: await create("slow"), fastDestination: await create("fast") };
}

describe("a busy destination next to others", () => {
  it("holds neither the cycle nor the other destinations: what it cannot take soon is handed back at its pace", async () => {
    process.env.DISPATCH_QUEUE_WAIT_MS = "300";
    bed.receiver.requests.length = 0;
    // 60 deliveries to a receiver answering in 300 ms, 4 at a time (the default): 4.5 s of
    // sending, which one cycle used to wait out before writing anyone's outcome.
    const { slowDestination, fastDestination } = await slowAndFastDestinations();
    const slowIds = await seedDeliveries(bed.pool, bed.orgId, slowDestination.id, 60);
    const fastIds = await seedDeliveries(bed.pool, bed.orgId, fastDestination.id, 10);

    const started = Date.now();
    const first = await runDispatchCycle();
    const firstCycleMs = Date.now() - started;
    expect(first).toMatchObject({ claimed: 70 });
    // The fast destination's deliveries are recorded by the first cycle, which ended once the
    // slow one's in-flight requests answered (300 ms wait + one answer), not after 4.5 s.
    expect(await statuses(fastDestination.id)).toEqual({ delivered: 10 });
    expect(firstCycleMs).toBeLessThan(2_500);

    // What the slow destination could not take is pending, untried, and due at its pace: 4 more
    // every answer-time (~300 ms), not all at once.
    const { rows: handedBack } = await bed.pool.query<{ attempts: number; due_in_ms: number }>(
      `SELECT attempts, extract(epoch FROM next_retry_at - now())::float8 * 1000 AS due_in_ms
         FROM webhook_deliveries WHERE destination_id = $1 AND status = 'pending' ORDER BY next_retry_at`,
      [slowDestination.id],
    );
    expect(handedBack.length).toBeGreaterThan(40);
    expect(handedBack.every((r) => r.attempts === 0)).toBe(true);
    const spreadMs = handedBack.at(-1)!.due_in_ms - handedBack[0]!.due_in_ms;
    expect(spreadMs).toBeGreaterThan(((handedBack.length / 4 - 2) * SLOW_MS) / 2);
    const { rows: attempts } = await bed.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_delivery_attempts WHERE delivery_id = ANY($1)",
      [slowIds],
    );
    expect(attempts[0]!.n).toBe(60 - handedBack.length);

    // The rest goes out as it comes due, each exactly once, at about the destination's pace.
    while ((await statuses(slowDestination.id)).delivered !== 60 && Date.now() - started < 20_000) {
      if ((await runDispatchCycle()).claimed === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await statuses(slowDestination.id)).toEqual({ delivered: 60 });
    expect(Date.now() - started).toBeLessThan(15_000);
    const sent = bed.receiver.requests.map((r) => String(r.headers["webhook-id"]));
    expect(sent.filter((id) => slowIds.includes(id)).sort()).toEqual([...slowIds].sort());
    expect(sent.filter((id) => fastIds.includes(id)).sort()).toEqual([...fastIds].sort());
  });

  it("once its pace is known, a cycle hands a busy destination's excess back at once instead of waiting", async () => {
    process.env.DISPATCH_QUEUE_WAIT_MS = "1000";
    const { slowDestination, fastDestination } = await slowAndFastDestinations();
    // The process learns the slow destination's pace (300 ms a request).
    await seedDeliveries(bed.pool, bed.orgId, slowDestination.id, 4);
    expect(await runDispatchCycle()).toMatchObject({ claimed: 4, delivered: 4 });
    // Another cycle (another lane) holds its 4 slots and 12 batches queued behind them (as many as
    // can start within the wait at that pace): 1.2 s of work.
    await seedDeliveries(bed.pool, bed.orgId, slowDestination.id, 16);
    const before = bed.receiver.requests.length;
    const other: Promise<DispatchCounts> = runDispatchCycle();
    await bed.receiver.waitForRequests(before + 4, 5_000);

    const slowIds = await seedDeliveries(bed.pool, bed.orgId, slowDestination.id, 100);
    await seedDeliveries(bed.pool, bed.orgId, fastDestination.id, 5);
    const started = Date.now();
    expect(await runDispatchCycle()).toMatchObject({ claimed: 105, delivered: 5 });
    const ended = Date.now();
    // Nothing of the slow destination's could start within the wait: handed back without waiting it out.
    expect(ended - started).toBeLessThan(700);
    const { rows } = await bed.pool.query<{ n: number; attempted: number; first_due: Date }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE attempts > 0)::int AS attempted, min(next_retry_at) AS first_due
         FROM webhook_deliveries WHERE id = ANY($1) AND status = 'pending'`,
      [slowIds],
    );
    expect(rows[0]).toMatchObject({ n: 100, attempted: 0 });
    // Due after the 16 already in line (⌈(12 queued + 1) / 4⌉ × 300 ms), not at once.
    expect(rows[0]!.first_due.getTime() - ended).toBeGreaterThan(600);
    expect(await other).toMatchObject({ claimed: 16, delivered: 16 });
  });
});
