import { afterAll, describe, expect, it } from "vitest";
import { runDispatchCycle, runDispatchFor } from "../../lib/dispatcher/run-dispatch-cycle";
import { createDestination } from "../helpers/fixtures";
import { ok, slow, type TestReceiver } from "../../test-support/receiver";
import { CHILD_SCRIPT, exited, spawnTs } from "./child-process";
import { seedDeliveries, useDispatchTestbed } from "./support";

const bed = useDispatchTestbed();
afterAll(() => {
  delete process.env.DISPATCH_CLAIM_LIMIT;
  delete process.env.DISPATCH_CONCURRENCY;
  delete process.env.DISPATCH_DESTINATION_CONCURRENCY;
});

/** A responder that answers after `ms` and records the most requests it ever had open at once, per path and in all. */
function trackingConcurrency(ms: number) {
  const open = new Map<string, number>();
  const peak = new Map<string, number>();
  let openTotal = 0;
  let peakTotal = 0;
  const responder: Parameters<TestReceiver["respond"]>[0] = async (request, response) => {
    const key = request.url;
    open.set(key, (open.get(key) ?? 0) + 1);
    peak.set(key, Math.max(peak.get(key) ?? 0, open.get(key)!));
    openTotal += 1;
    peakTotal = Math.max(peakTotal, openTotal);
    await new Promise((resolve) => setTimeout(resolve, ms));
    open.set(key, open.get(key)! - 1);
    openTotal -= 1;
    ok(request, response);
  };
  return { responder, peak, peakTotal: () => peakTotal };
}

function countsByWebhookId(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of bed.receiver.requests) {
    const id = String(r.headers["webhook-id"]);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe("several dispatchers at once", () => {
  it("two in this process and one in another send each delivery exactly once", async () => {
    bed.receiver.requests.length = 0;
    bed.receiver.respond((request, response) => slow(Math.floor(Math.random() * 5))(request, response));
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, retryMax: 5 });
      ids.push(...(await seedDeliveries(bed.pool, bed.orgId, destination.id, 150)));
    }
    // Small claims so the dispatchers interleave instead of one taking everything.
    process.env.DISPATCH_CLAIM_LIMIT = "40";
    const child = spawnTs(CHILD_SCRIPT, ["20000"], { DATABASE_URL: bed.db.url, DISPATCH_CLAIM_LIMIT: "40" });
    const [a, b] = await Promise.all([runDispatchFor(20_000), runDispatchFor(20_000)]);
    const { code } = await exited(child);
    expect(code, child.output()).toBe(0);
    const c = JSON.parse(child.output().trim().split("\n").at(-1)!) as { delivered: number };
    expect(a.delivered + b.delivered + c.delivered).toBe(600);
    const counts = countsByWebhookId();
    expect(counts.size).toBe(600);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(ids));
    const { rows } = await bed.pool.query("SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status");
    expect(rows).toEqual([{ status: "delivered", n: 600 }]);
    const attempts = await bed.pool.query("SELECT count(*)::int AS n FROM webhook_delivery_attempts");
    expect(attempts.rows[0].n).toBe(600);
  });

  it("keeps to the concurrency limits, per destination and in all", async () => {
    process.env.DISPATCH_CONCURRENCY = "5";
    process.env.DISPATCH_DESTINATION_CONCURRENCY = "2";
    const tracking = trackingConcurrency(40);
    bed.receiver.respond(tracking.responder);
    for (const name of ["a", "b", "c", "d"]) {
      const destination = await createDestination(bed.pool, bed.orgId, { url: `${bed.receiver.url}?${name}` });
      await seedDeliveries(bed.pool, bed.orgId, destination.id, 12);
    }
    expect(await runDispatchFor(20_000)).toMatchObject({ claimed: 48, delivered: 48 });
    expect([...tracking.peak.values()]).toEqual([2, 2, 2, 2]);
    expect(tracking.peakTotal()).toBe(5);
    delete process.env.DISPATCH_CONCURRENCY;
    delete process.env.DISPATCH_DESTINATION_CONCURRENCY;
  });

  it("a dispatcher SIGKILLed mid-batch loses nothing: its connection closes and its deliveries go out at once", async () => {
    bed.receiver.requests.length = 0;
    // The receiver holds requests open, so the child dies with requests in flight and more queued.
    bed.receiver.respond(slow(30_000));
    const destination = await createDestination(bed.pool, bed.orgId, {
      url: bed.receiver.url,
      timeoutMs: 500,
      retryMax: 5,
    });
    const ids = await seedDeliveries(bed.pool, bed.orgId, destination.id, 20);
    const child = spawnTs(CHILD_SCRIPT, ["20000"], {
      DATABASE_URL: bed.db.url,
      DISPATCH_LEASE_MS: "1500",
      DISPATCH_DESTINATION_CONCURRENCY: "4",
    });
    await bed.receiver.waitForRequests(4, 15_000);
    child.kill("SIGKILL");
    expect((await exited(child)).signal).toBe("SIGKILL");
    const killedAt = Date.now();

    bed.receiver.respond(ok);
    // The claim wrote nothing to the rows (its row locks went with the connection): all 20 are
    // as ingested, never-tried and due.
    const { rows: untouched } = await bed.pool.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries
        WHERE id = ANY($1) AND status = 'pending' AND attempts = 0 AND next_retry_at IS NULL`,
      [ids],
    );
    expect(untouched[0].n).toBe(20);

    let delivered = 0;
    while (delivered < 20 && Date.now() - killedAt < 10_000) {
      delivered += (await runDispatchCycle()).delivered;
      if (delivered < 20) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(delivered).toBe(20);
    // No lease to wait out (the child's was 1.5 s): the rows are free as soon as PostgreSQL sees the connection close.
    expect(Date.now() - killedAt).toBeLessThan(1_500);
    const { rows } = await bed.pool.query(
      "SELECT status, attempts FROM webhook_deliveries WHERE id = ANY($1) GROUP BY status, attempts",
      [ids],
    );
    expect(rows).toEqual([{ status: "delivered", attempts: 1 }]);
    // Every delivery reached the receiver after the kill; the ones in flight at the kill twice (at-least-once).
    const afterKill = bed.receiver.requests
      .filter((r) => r.receivedAt >= killedAt)
      .map((r) => String(r.headers["webhook-id"]));
    expect(new Set(afterKill)).toEqual(new Set(ids));
  });
});
