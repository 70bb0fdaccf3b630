import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDestinationAction } from "../../actions/destinations";
import { GET as cronDispatch } from "../../app/api/cron/dispatch/route";
import * as destinationRoute from "../../app/api/v1/destinations/[id]/route";
import { POST as createDestinationRoute } from "../../app/api/v1/destinations/route";
import { GET as ready } from "../../app/api/ready/route";
import { ensureGeneratedSecrets } from "../../lib/config/data-dir";
import { decryptSecret } from "../../lib/crypto/secret-box";
import { verifyEncryptionKey } from "../../lib/crypto/verify-encryption-key";
import {
  createDestination as createDestinationInLib,
  revealSigningSecret,
  rotateSigningSecret,
} from "../../lib/destinations";
import { sendTestEvent } from "../../lib/dispatcher/send-test-event";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { renderMetrics } from "../../lib/ops/metrics";
import { verifySignature } from "../../test-support/receiver";
import { exited, spawnTs } from "../dispatcher/child-process";
import { makeDue, seedDeliveries, useDispatchTestbed } from "../dispatcher/support";
import { sessionUser } from "../dashboard/session-users";
import { createApiKey, createDestination } from "../helpers/fixtures";

// A configuration mistake in one process must never cost deliveries: a process whose
// APP_ENCRYPTION_KEY is not the one the database's secrets were encrypted with refuses to run,
// and a key that changes under a running dispatcher sends nothing and counts no attempt.

const WORKER = path.resolve(import.meta.dirname, "../../scripts/worker.ts");
const SEED = path.resolve(import.meta.dirname, "../../scripts/seed.ts");
const REENCRYPT = path.resolve(import.meta.dirname, "../../scripts/reencrypt-secrets.ts");
const RIGHT_KEY = process.env.APP_ENCRYPTION_KEY!;
const WRONG_KEY = Buffer.alloc(32, 9).toString("base64");
/** What the operator rotates RIGHT_KEY to, under a running worker. */
const NEW_KEY = Buffer.alloc(32, 11).toString("base64");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "hookline-key-test-"));

const bed = useDispatchTestbed();
let ids: string[];
let destination: { id: string; signingSecret: string };

/** Resolves once the child has printed a line matching `pattern` (its exit is a failure). */
function printed(child: ChildProcess & { output: () => string }, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not printed: ${pattern}\n${child.output()}`)), timeoutMs);
    const check = () => {
      if (!pattern.test(child.output())) return;
      clearTimeout(timer);
      child.stdout!.off("data", check);
      resolve();
    };
    child.stdout!.on("data", check);
    child.once("exit", () => {
      clearTimeout(timer);
      if (pattern.test(child.output())) resolve();
      else reject(new Error(`exited before printing ${pattern}\n${child.output()}`));
    });
    check();
  });
}

async function exitedWithin(child: ChildProcess & { output: () => string }, ms: number) {
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  try {
    return await exited(child);
  } finally {
    clearTimeout(timer);
  }
}

async function state() {
  const { rows } = await bed.pool.query<{
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
  destination = await createDestination(bed.pool, bed.orgId, {
    url: bed.receiver.url,
    retryMax: 1,
    authType: "bearer",
    authConfig: { token: "receiver-token-123" },
  });
  ids = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1000);
});
afterAll(async () => {
  process.env.APP_ENCRYPTION_KEY = RIGHT_KEY;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a process with the wrong APP_ENCRYPTION_KEY", () => {
  it("worker: refuses to run, exits non-zero naming the variable; 1,000 deliveries stay pending with 0 attempts", async () => {
    // No fingerprint recorded yet: the worker proves its key on a stored secret and fails.
    const worker = spawnTs(WORKER, [], { DATABASE_URL: bed.db.url, DATA_DIR: dataDir, APP_ENCRYPTION_KEY: WRONG_KEY });
    const { code } = await exited(worker);
    expect(code, worker.output()).toBe(1);
    expect(worker.output()).toMatch(/refusing to dispatch: APP_ENCRYPTION_KEY is not the key/);
    expect(await state()).toEqual({ pending: 1000, attempts: 0, attempt_rows: 0, dead_letters: 0 });
    expect(bed.receiver.requests).toHaveLength(0);
  });

  it("the right key records the fingerprint; a wrong one is refused against it (worker and seed)", async () => {
    expect(await verifyEncryptionKey()).toEqual({ ok: true });
    const { rows } = await bed.pool.query("SELECT fingerprint FROM encryption_key_fingerprint");
    expect(rows).toHaveLength(1);
    const worker = spawnTs(WORKER, [], { DATABASE_URL: bed.db.url, DATA_DIR: dataDir, APP_ENCRYPTION_KEY: WRONG_KEY });
    expect((await exited(worker)).code, worker.output()).toBe(1);
    const seed = spawnTs(SEED, [], { DATABASE_URL: bed.db.url, DATA_DIR: dataDir, APP_ENCRYPTION_KEY: WRONG_KEY });
    expect((await exited(seed)).code, seed.output()).toBe(1);
    expect(seed.output()).toMatch(/APP_ENCRYPTION_KEY/);
    expect(await state()).toEqual({ pending: 1000, attempts: 0, attempt_rows: 0, dead_letters: 0 });
    expect((await bed.pool.query("SELECT count(*)::int AS n FROM organizations")).rows[0].n).toBe(1);
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
      const due = await bed.pool.query<{ n: number }>(
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
    expect(bed.receiver.requests).toHaveLength(0);
    expect(await state()).toEqual({ pending: 1000, attempts: 0, attempt_rows: 0, dead_letters: 0 });
    const later = await bed.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_deliveries WHERE next_retry_at > now() + interval '20 seconds' AND id = ANY($1::uuid[])",
      [ids],
    );
    expect(later.rows[0]!.n).toBe(1000);
    expect((await renderMetrics()).body).toMatch(/hookline_process_credential_failures_total 1000/);
  });

  it("a key rotated under a running worker (real child process): handed back unsent, one line, then exit 1", async () => {
    const worker = spawnTs(WORKER, [], {
      DATABASE_URL: bed.db.url,
      DATA_DIR: dataDir,
      APP_ENCRYPTION_KEY: RIGHT_KEY,
      LOG_LEVEL: "error",
      // One cycle claims all 1,000, so "one line per destination and cycle" is one line.
      DISPATCH_LANES: "1",
      DISPATCH_CLAIM_LIMIT: "1000",
    });
    try {
      // The key matches at start; nothing is due yet (the previous test handed everything back for 30 s).
      await printed(worker, /dispatching/);
      const rotation = spawnTs(REENCRYPT, [], {
        DATABASE_URL: bed.db.url,
        DATA_DIR: dataDir,
        APP_ENCRYPTION_KEY: RIGHT_KEY,
        NEW_APP_ENCRYPTION_KEY: NEW_KEY,
      });
      expect((await exitedWithin(rotation, 60_000)).code, rotation.output()).toBe(0);
      // The signing secret and the bearer token, rewritten under the new key.
      expect(rotation.output()).toMatch(/rotated: 2 value\(s\) re-encrypted/);
      await makeDue(bed.pool, ids);
      const { code } = await exitedWithin(worker, 60_000);
      const output = worker.output();
      expect(code, output).toBe(1);
      expect(output).toMatch(/refusing to dispatch: APP_ENCRYPTION_KEY is not the key/);
      const lines = output.split("\n").filter((line) => line.includes("cannot use the destination's credentials"));
      expect(lines, output).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ destinationId: destination.id, deliveries: 1000 });
    } finally {
      if (worker.exitCode === null) worker.kill("SIGKILL");
    }
    expect(bed.receiver.requests).toHaveLength(0);
    expect(await state()).toEqual({ pending: 1000, attempts: 0, attempt_rows: 0, dead_letters: 0 });
    const handedBack = await bed.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_deliveries WHERE next_retry_at > now() + interval '20 seconds' AND id = ANY($1::uuid[])",
      [ids],
    );
    expect(handedBack.rows[0]!.n).toBe(1000);
  });

  it("after the rotation, a process still on the old key stores nothing: lib, API and form answer 503 / a message", async () => {
    // This test process still has the old key (RIGHT_KEY), exactly like an app nobody restarted.
    const count = async () =>
      (await bed.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_destinations")).rows[0]!.n;
    const secretOf = async () =>
      (
        await bed.pool.query<{ signing_secret: string }>(
          "SELECT signing_secret FROM webhook_destinations WHERE id = $1",
          [destination.id],
        )
      ).rows[0]!.signing_secret;
    const before = { destinations: await count(), secret: await secretOf() };
    const actor = { userId: null, label: "test" };
    const input = { name: "After rotation", url: bed.receiver.url };

    await expect(createDestinationInLib(bed.orgId, input, actor)).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/APP_ENCRYPTION_KEY is not the key/),
    });
    await expect(rotateSigningSecret(bed.orgId, destination.id, actor)).rejects.toMatchObject({ status: 503 });
    await expect(revealSigningSecret(bed.orgId, destination.id, actor)).rejects.toMatchObject({ status: 503 });
    const deliveriesBefore = (await bed.pool.query("SELECT id FROM webhook_deliveries")).rowCount;
    await expect(sendTestEvent(bed.orgId, destination.id)).rejects.toMatchObject({ status: 503 });
    expect((await bed.pool.query("SELECT id FROM webhook_deliveries")).rowCount).toBe(deliveriesBefore);

    const manageKey = await createApiKey(bed.pool, bed.orgId, ["manage"]);
    const created = await createDestinationRoute(
      new Request("http://localhost/api/v1/destinations", {
        method: "POST",
        headers: { authorization: `Bearer ${manageKey}`, "content-type": "application/json" },
        body: JSON.stringify(input),
      }),
      { params: Promise.resolve({}) },
    );
    expect(created.status).toBe(503);
    expect(await created.json()).toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/APP_ENCRYPTION_KEY/),
    });
    const patched = await destinationRoute.PATCH(
      new Request(`http://localhost/api/v1/destinations/${destination.id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${manageKey}`, "content-type": "application/json" },
        body: JSON.stringify({ auth_type: "bearer", auth_config: { token: "pasted-under-the-old-key" } }),
      }),
      { params: Promise.resolve({ id: destination.id }) },
    );
    expect(patched.status).toBe(503);

    const lead = await sessionUser(bed.pool, bed.orgId, "lead");
    const result = await createDestinationAction.run(lead, { ...input, authType: "none" });
    expect(result).toMatchObject({
      ok: false,
      code: "unavailable",
      error: expect.stringMatching(/APP_ENCRYPTION_KEY/),
    });

    // Nothing remembered a success from before the rotation: readiness sees the new fingerprint too.
    const readiness = await ready();
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toMatchObject({ encryptionKey: "mismatch" });
    expect({ destinations: await count(), secret: await secretOf() }).toEqual(before);
    // The stored values are the new key's now.
    expect(() => decryptSecret(before.secret, "signing_secret", RIGHT_KEY)).toThrow();
    expect(decryptSecret(before.secret, "signing_secret", NEW_KEY)).toBe(destination.signingSecret);
  });

  it("a worker given the new key delivers all 1,000 with the stored token and signature", async () => {
    await makeDue(bed.pool, ids);
    const worker = spawnTs(WORKER, [], { DATABASE_URL: bed.db.url, DATA_DIR: dataDir, APP_ENCRYPTION_KEY: NEW_KEY });
    try {
      await bed.receiver.waitForRequests(1000, 60_000);
      worker.kill("SIGTERM");
      expect((await exitedWithin(worker, 30_000)).code, worker.output()).toBe(0);
    } finally {
      if (worker.exitCode === null) worker.kill("SIGKILL");
    }
    expect(new Set(bed.receiver.requests.map((r) => r.headers.authorization))).toEqual(
      new Set(["Bearer receiver-token-123"]),
    );
    expect(() => verifySignature(bed.receiver.requests[0]!, destination.signingSecret)).not.toThrow();
    const { rows } = await bed.pool.query<{ status: string; attempts: number; n: number }>(
      "SELECT status, attempts, count(*)::int AS n FROM webhook_deliveries WHERE id = ANY($1::uuid[]) GROUP BY 1, 2",
      [ids],
    );
    expect(rows).toEqual([{ status: "delivered", attempts: 1, n: 1000 }]);
  });
});

describe("/api/ready without the secrets a process needs", () => {
  it("answers 503 naming the missing variable", async () => {
    const saved = process.env.NEXTAUTH_SECRET;
    delete process.env.NEXTAUTH_SECRET;
    try {
      const response = await ready();
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        ready: false,
        missingSecrets: ["NEXTAUTH_SECRET"],
        reason: expect.stringMatching(/^NEXTAUTH_SECRET is not set/),
      });
    } finally {
      process.env.NEXTAUTH_SECRET = saved;
    }
  });
});

describe("secrets with DATABASE_URL set", () => {
  it("are never generated: a missing one is an error naming it, and nothing is written", () => {
    const saved = { ...process.env };
    try {
      process.env.DATA_DIR = dataDir;
      process.env.DATABASE_URL = bed.db.url;
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
