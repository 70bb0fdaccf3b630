import { describe, expect, it, onTestFinished } from "vitest";
import { seedDeliveries } from "../dispatcher/support";
import { useFreshDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";
import { scale, startSinkReceiver, startWorker, statusCounts, stopProcess, waitFor } from "./support";

const TOTAL = scale(10_000, 1_500);
const CLAIM_LIMIT = 200;

describe(`fault: a worker SIGKILLed in the middle of ${TOTAL} deliveries`, () => {
  it(
    "loses nothing: its rows are free at once, a new worker delivers everything, duplicates at most what was in flight",
    async () => {
      const db = await useFreshDatabase();
      // 5 ms an answer, 4 in flight: the run takes seconds, so the kill lands mid-run (with an
      // instant receiver a fast worker could finish all of it between two looks).
      const receiver = await startSinkReceiver("ok", { delayMs: 5 });
      onTestFinished(() => receiver.stop());
      const orgId = await createOrg(db.pool);
      const dest = await createDestination(db.pool, orgId, { url: receiver.url, timeoutMs: 1000, retryMax: 5 });
      await seedDeliveries(db.pool, orgId, dest.id, TOTAL, "fault.test");

      const env = { DISPATCH_LEASE_MS: "3000", DISPATCH_CLAIM_LIMIT: String(CLAIM_LIMIT), DISPATCH_LANES: "2" };
      const first = startWorker(db.url, env);
      await waitFor("a third delivered", async () => (await receiver.stats()).successes >= TOTAL / 3, 120_000);
      first.process.kill("SIGKILL");
      await new Promise((resolve) => first.process.once("exit", resolve));
      const atKill = await statusCounts(db.pool);
      expect(atKill.delivered ?? 0).toBeLessThan(TOTAL);

      const second = startWorker(db.url, env);
      onTestFinished(() => stopProcess(second.process));
      await waitFor(
        "every delivery delivered",
        async () => (await statusCounts(db.pool)).delivered === TOTAL,
        180_000,
        500,
      );

      const stats = await receiver.stats();
      console.log(
        `[fault 1] total ${TOTAL}; delivered when killed ${atKill.delivered ?? 0}; after restart distinct ${stats.distinct}, ` +
          `duplicates ${stats.duplicates}`,
      );
      expect(stats.distinct).toBe(TOTAL);
      // Only requests already sent when the worker died, whose outcome was never written, repeat:
      // at most one claim per lane.
      expect(stats.duplicates).toBeLessThanOrEqual(CLAIM_LIMIT * 2);
      const { rows } = await db.pool.query(
        "SELECT count(*)::int AS n FROM webhook_deliveries WHERE status <> 'delivered' OR delivered_at IS NULL",
      );
      expect(rows[0].n).toBe(0);
      await stopProcess(second.process);
    },
    scale(600_000, 180_000),
  );
});
