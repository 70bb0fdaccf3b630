import { describe, expect, it, onTestFinished } from "vitest";
import { GET as cronGET, POST as cronPOST } from "../../app/api/cron/dispatch/route";
import { seedDeliveries } from "../dispatcher/support";
import { useFreshDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";
import { scale, startSinkReceiver, startWorker, statusCounts, stopProcess, waitFor } from "./support";

const cronRequest = (method: "GET" | "POST") =>
  new Request("http://127.0.0.1/api/cron/dispatch", {
    method,
    headers: { authorization: `Bearer ${process.env.CRON_SECRET}` },
  });

interface CronCounts {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
  durationMs: number;
}

describe("fault: several dispatchers at once against healthy receivers", () => {
  it(
    "two workers and overlapping cron route calls send every delivery exactly once",
    async () => {
      const total = scale(10_000, 1_200);
      const db = await useFreshDatabase();
      const receiver = await startSinkReceiver("ok");
      onTestFinished(() => receiver.stop());
      const orgId = await createOrg(db.pool);
      const destinations = await Promise.all(
        [1, 2, 3, 4].map(() => createDestination(db.pool, orgId, { url: receiver.url, timeoutMs: 2000 })),
      );
      for (const d of destinations) await seedDeliveries(db.pool, orgId, d.id, total / 4, "fault.test");

      process.env.DISPATCH_BUDGET_MS = "3000";
      process.env.DISPATCH_CLAIM_LIMIT = "100";
      const workers = [
        startWorker(db.url, { DISPATCH_CLAIM_LIMIT: "100" }),
        startWorker(db.url, { DISPATCH_CLAIM_LIMIT: "100" }),
      ];
      onTestFinished(async () => {
        await Promise.all(workers.map((w) => stopProcess(w.process)));
      });
      const cronTotals: CronCounts[] = [];
      await waitFor(
        "every delivery delivered",
        async () => {
          // Two cron calls at a time, one GET and one POST, as two schedulers might.
          const answers = await Promise.all([cronGET(cronRequest("GET")), cronPOST(cronRequest("POST"))]);
          for (const answer of answers) {
            expect(answer.status).toBe(200);
            cronTotals.push((await answer.json()) as CronCounts);
          }
          return (await statusCounts(db.pool)).delivered === total;
        },
        120_000,
        50,
      );
      const stats = await receiver.stats();
      const byCron = cronTotals.reduce((n, c) => n + c.delivered, 0);
      console.log(
        `[fault 3] total ${total}; receiver distinct ${stats.distinct}, duplicates ${stats.duplicates}; delivered by cron calls ` +
          `${byCron}, by workers ${total - byCron}`,
      );
      expect(stats.distinct).toBe(total);
      expect(stats.duplicates).toBe(0);
      expect(stats.successes).toBe(total);
      const attempts = await db.pool.query("SELECT count(*)::int AS n FROM webhook_delivery_attempts");
      expect(attempts.rows[0].n).toBe(total);
    },
    scale(300_000, 120_000),
  );

  it(
    "a cron call made while the previous one still runs: both answer, nothing overlaps",
    async () => {
      const total = scale(2_000, 400);
      const db = await useFreshDatabase();
      const receiver = await startSinkReceiver("ok");
      onTestFinished(() => receiver.stop());
      const orgId = await createOrg(db.pool);
      const dest = await createDestination(db.pool, orgId, { url: receiver.url, timeoutMs: 2000 });
      await seedDeliveries(db.pool, orgId, dest.id, total, "fault.test");
      process.env.DISPATCH_BUDGET_MS = "20000";
      process.env.DISPATCH_CLAIM_LIMIT = "50";

      const first = cronGET(cronRequest("GET"));
      await waitFor("the first call to be under way", async () => (await receiver.stats()).successes > 0, 10_000, 20);
      const second = cronGET(cronRequest("GET"));
      const [a, b] = await Promise.all([first, second]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      const [ca, cb] = [(await a.json()) as CronCounts, (await b.json()) as CronCounts];
      console.log(
        `[fault 5] total ${total}; first call delivered ${ca.delivered} in ${ca.durationMs} ms, overlapping call ${cb.delivered} ` +
          `in ${cb.durationMs} ms`,
      );
      expect(ca.delivered + cb.delivered).toBe(total);
      expect(ca.claimed + cb.claimed).toBe(total);
      const stats = await receiver.stats();
      expect(stats.duplicates).toBe(0);
      expect((await statusCounts(db.pool)).delivered).toBe(total);
    },
    scale(300_000, 120_000),
  );
});
