import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as cronDispatch } from "../../app/api/cron/dispatch/route";
import { GET as ready } from "../../app/api/ready/route";
import { ensureGeneratedSecrets } from "../../lib/config/data-dir";
import { verifyEncryptionKey } from "../../lib/crypto/verify-encryption-key";
import { closeHttpAgent } from "../../lib/dispatcher/http-sender";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { renderMetrics } from "../../lib/ops/metrics";
import { startReceiver, type TestReceiver } from "../../test-support/receiver";
import { exited, spawnTs } from "../dispatcher/child-process";
import { seedDeliveries } from "../dispatcher/support";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";

// A configuration mistake in one process must never cost deliveries: a process whose
// APP_ENCRYPTION_KEY is not the one the database's secrets were encrypted with refuses to run,
// and a key that changes under a running dispatcher sends nothing and counts no attempt.

const WORKER = path.resolve(import.meta.dirname, "../../scripts/worker.ts");
const SEED = path.resolve(import.meta.dirname, "../../scripts/seed.ts");
const RIGHT_KEY = process.env.APP_ENCRYPTION_KEY!;
const WRONG_KEY = Buffer.alloc(32, 9).toString("base64");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "hookline-key-test-"));

let t: TestDatabase;
let receiver: TestReceiver;
let ids: string[];

async function state() {
  const { rows } = await t.pool.query<{
    pending: number;
    attempts: number;
    attempt_rows: number;
    dead_letters: number;
  }>(
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, coalesce(sum(attempts), 0)::int AS attempts,
            (SELECT count(*)::int FROM webhook_delivery_attempts) AS attempt_rows,
            (SELECT count(*)::int FROM failed_webhooks) AS dead_letters
       FROM webhook_deliveries WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return rows[0]!;
}

beforeAll(async () => {
  t = await useFreshDatabase();
  receiver = await startReceiver();
  const orgId = await createOrg(t.pool);
  const destination = await createDestination(t.pool, orgId, {
    url: receiver.url,
    retryMax: 1,
    authType: "bearer",
    authConfig: { token: "receiver-token-123" },
  });
  ids = await seedDeliveries(t.pool, orgId, destination.id, 1000);
});
afterAll(async () => {
  process.env.APP_ENCRYPTION_KEY = RIGHT_KEY;
  await receiver.close();
  await closeHttpAgent();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a process with the wrong APP_ENCRYPTION_KEY", () => {
  it("worker: refuses to run, exits non-zero naming the variable; 1,000 deliveries stay pending with 0 attempts", async () => {
    // No fingerprint recorded yet: the worker proves its key on a stored secret and fails.
    const worker = spawnTs(WORKER, [], { DATABASE_URL: t.url, DATA_DIR: dataDir, APP_ENCRYPTION_KEY: WRONG_KEY });
    const { code } = await exited(worker);
    expect(code, worker.output()).toBe(1);
    expect(worker.output()).toMatch(/refusing to dispatch: APP_ENCRYPTION_KEY is not the key/);
    expect(await state()).toEqual({ pending: 1000, attempts: 0, attempt_rows: 0, dead_letters: 0 });
    expect(receiver.requests).toHaveLength(0);
  });

  it("the right key records the fingerprint; a wrong one is refused against it (worker and seed)", async () => {
    expect(await verifyEncryptionKey()).toEqual({ ok: true });
    const { rows } = await t.pool.query("SELECT fingerprint FROM encryption_key_fingerprint");
    expect(rows).toHaveLength(1);
    const worker = spawnTs(WORKER, [], { DATABASE_URL: t.url, DATA_DIR: dataDir, APP_ENCRYPTION_KEY: WRONG_KEY });
    expect((await exited(worker)).code, worker.output()).toBe(1);
    const seed = spawnTs(SEED, [], { DATABASE_URL: t.url, DATA_DIR: dataDir, APP_ENCRYPTION_KEY: WRONG_KEY });
    expect((await exited(seed)).code, seed.output()).toBe(1);
    expect(seed.output()).toMatch(/APP_ENCRYPTION_KEY/);
    expect(await state()).toEqual({ pending: 1000, attempts: 0, attempt_rows: 0, dead_letters: 0 });
    expect((await t.pool.query("SELECT count(*)::int AS n FROM organizations")).rows[0].n).toBe(1);
  });

  it("cron route: 503 with the reason, nothing claimed; /api/ready: 503 with the reason", async () => {
    process.env.APP_ENCRYPTION_KEY = WRONG_KEY;
    try {
      const cron = await cronDispatch(
        new Request("http://127.0.0.1/api/cron/dispatch", {
          headers: { authorization: `Bearer ${process.env.CRON_SECRET}` },
        }),
      );
      expect(cron.status).toBe(503);
      expect(await cron.json()).toMatchObject({ error: "encryption_key_mismatch" });
      const readiness = await ready();
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ ready: false, encryptionKey: "mismatch" });
      const due = await t.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM webhook_deliveries WHERE next_retry_at IS NULL AND id = ANY($1::uuid[])",
        [ids],
      );
      expect(due.rows[0]!.n).toBe(1000);
    } finally {
      process.env.APP_ENCRYPTION_KEY = RIGHT_KEY;
    }
  });

  it("a key changed under a running dispatcher (check bypassed): nothing sent, no attempt, nothing dead-lettered", async () => {
    expect(await verifyEncryptionKey()).toEqual({ ok: true });
    process.env.APP_ENCRYPTION_KEY = WRONG_KEY;
    try {
      let claimed = 0;
      for (let cycle = 0; cycle < 3; cycle++) claimed += (await runDispatchCycle()).claimed;
      expect(claimed).toBe(1000); // claimed once each, then handed back for later
    } finally {
      process.env.APP_ENCRYPTION_KEY = RIGHT_KEY;
    }
    expect(receiver.requests).toHaveLength(0);
    expect(await state()).toEqual({ pending: 1000, attempts: 0, attempt_rows: 0, dead_letters: 0 });
    const later = await t.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_deliveries WHERE next_retry_at > now() + interval '20 seconds' AND id = ANY($1::uuid[])",
      [ids],
    );
    expect(later.rows[0]!.n).toBe(1000);
    expect((await renderMetrics()).body).toMatch(/hookline_process_credential_failures_total 1000/);
  });
});

describe("secrets with DATABASE_URL set", () => {
  it("are never generated: a missing one is an error naming it, and nothing is written", () => {
    const saved = { ...process.env };
    try {
      process.env.DATA_DIR = dataDir;
      process.env.DATABASE_URL = t.url;
      delete process.env.CRON_SECRET;
      delete process.env.NEXTAUTH_SECRET;
      expect(() => ensureGeneratedSecrets()).toThrow(/NEXTAUTH_SECRET, CRON_SECRET are not set/);
      expect(() => ensureGeneratedSecrets(["APP_ENCRYPTION_KEY"])).not.toThrow();
      expect(existsSync(path.join(dataDir, "secrets.json"))).toBe(false);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});
