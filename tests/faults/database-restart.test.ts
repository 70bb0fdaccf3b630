import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it, onTestFinished } from "vitest";
import { POST as ingestPOST } from "../../app/api/v1/events/route";
import { closeDb } from "../../lib/db/client";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/db/embedded";
import { migrateDatabase } from "../../lib/db/migrate";
import { createApiKey, createDestination, createOrg } from "../helpers/fixtures";
import { scale, startSinkReceiver, startWorker, statusCounts, stopProcess, waitFor } from "./support";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("fault: PostgreSQL stopped and restarted during ingest and dispatch", () => {
  it(
    "ingest answers 503 while it is down, the app and a worker recover without restarting, no log lacks its deliveries",
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "hookline-fault-pg-"));
      const port = await freePort();
      let database: EmbeddedDatabase = await startEmbeddedPostgres({ dir, port, ephemeralDurability: true });
      onTestFinished(async () => {
        await closeDb();
        await database.stop().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      });
      await migrateDatabase(database.url);
      await closeDb();
      process.env.DATABASE_URL = database.url;
      const pool = new pg.Pool({ connectionString: database.url, max: 2, options: "-c TimeZone=UTC" });
      pool.on("error", () => {});
      onTestFinished(() => pool.end());

      // The ingest loop must meet only the outage, never the per-key limit (1,200/min by default).
      const ingestLimit = process.env.INGEST_RATE_LIMIT;
      process.env.INGEST_RATE_LIMIT = "100000000";
      onTestFinished(() => {
        if (ingestLimit === undefined) delete process.env.INGEST_RATE_LIMIT;
        else process.env.INGEST_RATE_LIMIT = ingestLimit;
      });

      const receiver = await startSinkReceiver("ok");
      onTestFinished(() => receiver.stop());
      const orgId = await createOrg(pool);
      const apiKey = await createApiKey(pool, orgId);
      await createDestination(pool, orgId, { url: receiver.url, timeoutMs: 1000, retryBackoffMs: 200, retryMax: 20 });
      await createDestination(pool, orgId, { url: receiver.url, timeoutMs: 1000, retryBackoffMs: 200, retryMax: 20 });
      const worker = startWorker(database.url, { DISPATCH_LEASE_MS: "2500" });
      onTestFinished(() => stopProcess(worker.process));

      const answers: { phase: string; status: number; ids: string[] }[] = [];
      let phase = "before";
      let stopIngest = false;
      const ingestLoop = (async () => {
        let n = 0;
        while (!stopIngest) {
          const events = Array.from({ length: 5 }, () => ({ event_type: "fault.db", payload: { n: n++ } }));
          // The phase a request started in: one sent just before the stop may still succeed.
          const startedIn = phase;
          const response = await ingestPOST(
            new Request("http://127.0.0.1/api/v1/events", {
              method: "POST",
              headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
              body: JSON.stringify({ events }),
            }),
            { params: Promise.resolve({}) },
          );
          const body = (await response.json().catch(() => ({}))) as { events?: { id: string }[] };
          answers.push({ phase: startedIn, status: response.status, ids: body.events?.map((e) => e.id) ?? [] });
          await sleep(50);
        }
      })();

      await sleep(scale(4000, 1500));
      phase = "stopping";
      await database.stop();
      phase = "down";
      await sleep(scale(6000, 2500));
      phase = "after";
      database = await startEmbeddedPostgres({ dir, port, ephemeralDurability: true });
      await waitFor(
        "ingest to be accepted again",
        async () => answers.some((a) => a.phase === "after" && a.status === 202),
        30_000,
      );
      await sleep(scale(4000, 1500));
      stopIngest = true;
      await ingestLoop;

      const statuses = new Set(answers.map((a) => a.status));
      const accepted = answers.filter((a) => a.status === 202).flatMap((a) => a.ids);
      const unavailable = answers.filter((a) => a.status === 503).length;
      expect([...statuses].sort()).toEqual([202, 503]);
      expect(answers.filter((a) => a.phase === "down" && a.status === 202)).toHaveLength(0);
      expect(answers.some((a) => a.phase === "after" && a.status === 202)).toBe(true);

      const { rows: logs } = await pool.query<{ id: string; deliveries: number }>(
        "SELECT l.id, count(d.id)::int AS deliveries FROM activity_logs l LEFT JOIN webhook_deliveries d ON d.log_id = l.id GROUP BY l.id",
      );
      const stored = new Set(logs.map((l) => l.id));
      expect(accepted.every((id) => stored.has(id))).toBe(true);
      // Never a log without its deliveries: each fans out to both destinations, atomically.
      expect(logs.filter((l) => l.deliveries !== 2)).toEqual([]);

      const total = logs.length * 2;
      await waitFor(
        "the worker to deliver everything after the restart",
        async () => (await statusCounts(pool)).delivered === total,
        120_000,
        500,
      );
      expect(worker.process.exitCode).toBeNull();
      const stats = await receiver.stats();
      console.log(
        `[fault 2] ingest answers: ${answers.length} (202: ${answers.length - unavailable}, 503: ${unavailable}); logs stored ` +
          `${logs.length} (accepted ${accepted.length}); ` +
          `deliveries ${total}, all delivered by the same worker; receiver distinct ${stats.distinct}, duplicates ${stats.duplicates}`,
      );
      expect(stats.distinct).toBe(total);
    },
    scale(300_000, 120_000),
  );
});
