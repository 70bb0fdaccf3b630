import { describe, expect, it, onTestFinished } from "vitest";
import { seedDeliveries } from "../dispatcher/support";
import { useFreshDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";
import { scale, startSinkReceiver, startWorker, statusCounts, stopProcess, waitFor } from "./support";

describe("fault: receiver chaos (500, 429 + Retry-After, timeouts, resets, slow bodies)", () => {
  it(
    "ends with every delivery delivered or dead, one attempt row per attempt, one dead letter per dead delivery",
    async () => {
      const total = scale(20_000, 2_000);
      const db = await useFreshDatabase();
      const receiver = await startSinkReceiver("chaos");
      onTestFinished(() => receiver.stop());
      const orgId = await createOrg(db.pool);
      for (let i = 0; i < 4; i++) {
        const dest = await createDestination(db.pool, orgId, {
          url: receiver.url,
          timeoutMs: 500,
          retryMax: 4,
          retryBackoffMs: 20,
        });
        await seedDeliveries(db.pool, orgId, dest.id, total / 4, "fault.test");
      }
      const env = { DISPATCH_CONCURRENCY: "96", DISPATCH_DESTINATION_CONCURRENCY: "24", DISPATCH_LEASE_MS: "2000" };
      const workers = [startWorker(db.url, env), startWorker(db.url, env)];
      onTestFinished(async () => {
        await Promise.all(workers.map((w) => stopProcess(w.process)));
      });
      const started = Date.now();
      await waitFor(
        "no delivery left pending or failed",
        async () => {
          const counts = await statusCounts(db.pool);
          return (counts.pending ?? 0) + (counts.failed ?? 0) === 0 && counts;
        },
        scale(600_000, 180_000),
        1000,
      );
      const counts = await statusCounts(db.pool);
      const { rows } = await db.pool.query(`SELECT
        (SELECT count(*)::int FROM webhook_delivery_attempts) AS attempt_rows,
        (SELECT sum(attempts)::int FROM webhook_deliveries) AS attempts_sum,
        (SELECT count(*)::int FROM failed_webhooks) AS dead_letters,
        (SELECT count(*)::int FROM failed_webhooks f JOIN webhook_deliveries d ON d.id = (f.webhook_payload_json ->> 'delivery_id')::uuid
          WHERE d.status = 'dead') AS dead_letters_linked,
        (SELECT json_object_agg(outcome, n) FROM (SELECT outcome, count(*)::int AS n FROM webhook_delivery_attempts GROUP BY outcome) o)
          AS outcomes`);
      const r = rows[0];
      const stats = await receiver.stats();
      console.log(
        `[fault 4] total ${total} in ${((Date.now() - started) / 1000).toFixed(1)} s: delivered ${counts.delivered ?? 0}, dead ` +
          `${counts.dead ?? 0}; ` +
          `attempt rows ${r.attempt_rows} = sum(attempts) ${r.attempts_sum}; dead letters ${r.dead_letters}; outcomes ` +
          `${JSON.stringify(r.outcomes)}; receiver ${JSON.stringify(stats)}`,
      );
      expect((counts.delivered ?? 0) + (counts.dead ?? 0)).toBe(total);
      expect(counts.dead ?? 0).toBeGreaterThan(0);
      expect(r.attempt_rows).toBe(r.attempts_sum);
      expect(r.dead_letters).toBe(counts.dead);
      expect(r.dead_letters_linked).toBe(counts.dead);
      expect(stats.distinct).toBeGreaterThanOrEqual(counts.delivered ?? 0);
    },
    scale(900_000, 240_000),
  );
});
