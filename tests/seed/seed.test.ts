import { describe, expect, it } from "vitest";
import { seedDemoData } from "../../lib/seed/demo-seed";
import { printSeedReport } from "../../lib/seed/print-report";
import { verifyPassword } from "../../lib/auth/password";
import { hashApiKey } from "../../lib/crypto/tokens";
import { useFreshDatabase } from "../helpers/db";

async function counts(pool: import("pg").Pool) {
  const { rows } = await pool.query(`SELECT
      (SELECT count(*)::int FROM organizations) AS orgs, (SELECT count(*)::int FROM users) AS users,
      (SELECT count(*)::int FROM api_keys) AS keys, (SELECT count(*)::int FROM webhook_destinations) AS destinations,
      (SELECT count(*)::int FROM activity_logs) AS logs, (SELECT count(*)::int FROM webhook_deliveries) AS deliveries,
      (SELECT count(*)::int FROM webhook_delivery_attempts) AS attempts, (SELECT count(*)::int FROM failed_webhooks) AS failed,
      (SELECT count(*)::int FROM employees) AS employees`);
  return rows[0];
}

describe("demo seed", () => {
  it("creates both orgs, the users, the key, destinations and activity in every status — and is idempotent", async () => {
    const db = await useFreshDatabase();
    const options = {
      adminPassword: "seed-password",
      apiKey: "hk_seed_test_key",
      manageApiKey: "hk_seed_test_manage_key",
      receiverBaseUrl: "http://127.0.0.1:3000/api/dev/receiver",
      logCount: 1200,
    };
    const first = await seedDemoData(options);
    expect(first.created).toBe(true);
    expect(first.password).toBe("seed-password");
    expect(first.apiKey).toBe("hk_seed_test_key");
    expect(first.manageApiKey).toBe("hk_seed_test_manage_key");
    const before = await counts(db.pool);
    expect(before).toMatchObject({ orgs: 2, users: 4, keys: 4 });
    expect(before.logs).toBe(1200 + 120);
    expect(before.deliveries).toBeGreaterThan(1200);

    const statuses = await db.pool.query("SELECT DISTINCT status FROM webhook_deliveries ORDER BY status");
    expect(statuses.rows.map((r) => r.status)).toEqual(["dead", "delivered", "failed", "pending"]);
    const failed = await db.pool.query("SELECT DISTINCT status::text AS status FROM failed_webhooks ORDER BY 1");
    expect(failed.rows.map((r) => r.status)).toEqual(["failed_permanently", "pending", "retried"]);
    const spread = await db.pool.query(
      "SELECT min(created_at) AS oldest, max(created_at) AS newest FROM activity_logs",
    );
    expect(Date.now() - spread.rows[0].oldest.getTime()).toBeGreaterThan(3 * 86400_000);
    expect(Date.now() - spread.rows[0].oldest.getTime()).toBeLessThanOrEqual(7 * 86400_000 + 60_000);
    // Every dead delivery has exactly one dead letter that carries its context.
    const orphans = await db.pool.query(`SELECT count(*)::int AS n FROM webhook_deliveries d WHERE d.status = 'dead'
      AND NOT EXISTS (SELECT 1 FROM failed_webhooks f WHERE f.webhook_payload_json ->> 'delivery_id' = d.id::text)`);
    expect(orphans.rows[0].n).toBe(0);
    // Attempt history is consistent: never in the future, in order, the last one at the delivery's last_attempt_at.
    const timing = await db.pool.query(`SELECT
        count(*) FILTER (WHERE a.started_at > now())::int AS future,
        count(*) FILTER (WHERE a.attempt_number = d.attempts AND a.started_at <> d.last_attempt_at)::int AS last_mismatch,
        count(*) FILTER (WHERE a.started_at < d.created_at)::int AS before_event,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM webhook_delivery_attempts b WHERE b.delivery_id = a.delivery_id AND b.attempt_number
          > a.attempt_number AND b.started_at <= a.started_at))::int AS out_of_order
      FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id`);
    expect(timing.rows[0]).toEqual({ future: 0, last_mismatch: 0, before_event: 0, out_of_order: 0 });
    const users = await db.pool.query(
      "SELECT email, role, password_hash FROM users WHERE email LIKE '%@acme.test' ORDER BY email",
    );
    expect(users.rows.map((u) => [u.email, u.role])).toEqual([
      ["admin@acme.test", "admin"],
      ["lead@acme.test", "lead"],
      ["viewer@acme.test", "viewer"],
    ]);
    expect(await verifyPassword(users.rows[0].password_hash, "seed-password")).toBe(true);
    const keys = await db.pool.query(
      "SELECT o.slug, k.scopes FROM api_keys k JOIN organizations o ON o.id = k.org_id WHERE key_hash = ANY($1) ORDER BY k.name",
      [[hashApiKey("hk_seed_test_key"), hashApiKey("hk_seed_test_manage_key")]],
    );
    expect(keys.rows).toEqual([
      { slug: "acme", scopes: ["ingest"] },
      { slug: "acme", scopes: ["manage"] },
    ]);
    const secrets = await db.pool.query("SELECT signing_secret FROM webhook_destinations");
    expect(secrets.rows.every((r) => r.signing_secret.startsWith("enc:v2:"))).toBe(true);

    const printed: string[] = [];
    const log = console.log;
    console.log = (line: string) => printed.push(line);
    try {
      printSeedReport(first);
    } finally {
      console.log = log;
    }
    expect(printed).toContainEqual(expect.stringMatching(/^ingest API key .*hk_seed_test_key$/));
    expect(printed).toContainEqual(expect.stringMatching(/^manage API key .*hk_seed_test_manage_key$/));

    const second = await seedDemoData(options);
    expect(second.created).toBe(false);
    expect(second.logs).toBe(0);
    expect(await counts(db.pool)).toEqual(before);
  });

  it("without given keys, generates one key of each scope per organisation once, and prints both", async () => {
    const db = await useFreshDatabase();
    const options = { receiverBaseUrl: "http://127.0.0.1:3000/api/dev/receiver", logCount: 20 };
    const first = await seedDemoData(options);
    expect(first.apiKey).toMatch(/^hk_/);
    expect(first.manageApiKey).toMatch(/^hk_/);
    const { rows } = await db.pool.query(
      "SELECT o.slug, k.scopes, k.key_hash FROM api_keys k JOIN organizations o ON o.id = k.org_id ORDER BY o.slug, k.name",
    );
    expect(rows.map((r) => [r.slug, r.scopes])).toEqual([
      ["acme", ["ingest"]],
      ["acme", ["manage"]],
      ["globex", ["ingest"]],
      ["globex", ["manage"]],
    ]);
    expect(rows[0].key_hash).toBe(hashApiKey(first.apiKey!));
    expect(rows[1].key_hash).toBe(hashApiKey(first.manageApiKey!));
    const second = await seedDemoData(options);
    expect([second.apiKey, second.manageApiKey]).toEqual([null, null]);
    expect((await db.pool.query("SELECT count(*)::int AS n FROM api_keys")).rows[0].n).toBe(4);
  });
});
