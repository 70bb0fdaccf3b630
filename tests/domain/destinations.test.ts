import { beforeAll, describe, expect, it } from "vitest";
import type { AuditActor } from "../../lib/audit/record-audit";
import { decryptSecret } from "../../lib/crypto/secret-box";
import {
  countDestinationDeliveries,
  createDestination,
  deleteDestination,
  getDestination,
  listDestinations,
  listEventTypes,
  previewEventFilter,
  revealSigningSecret,
  rotateSigningSecret,
  setDestinationEnabled,
  updateDestination,
} from "../../lib/destinations";
import { NotFoundError, ValidationError } from "../../lib/errors";
import { auditActions, useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination as insertDestination, createLog, createOrg, createUser } from "../helpers/fixtures";

let db: TestDatabase;
let orgId: string;
let otherOrgId: string;
let actor: AuditActor;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const targetAuditActions = (targetId: string) => auditActions(db.pool, { targetId });

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  otherOrgId = await createOrg(db.pool);
  const user = await createUser(db.pool, orgId, "admin");
  actor = { userId: user.id, label: user.email };
});

describe("createDestination", () => {
  it("stores settings with defaults, returns the signing secret once and keeps secrets encrypted at rest", async () => {
    const { destination, signingSecret } = await createDestination(
      orgId,
      { name: "CRM", url: "http://127.0.0.1:9/hook", authType: "bearer", token: "super-secret-token-12345" },
      actor,
    );
    expect(signingSecret).toMatch(/^whsec_/);
    expect(destination).toMatchObject({
      name: "CRM",
      authType: "bearer",
      batchSize: 1,
      timeoutMs: 10_000,
      retryMax: 5,
      retryBackoffMs: 30_000,
      enabled: true,
      eventTypes: [],
      eventFilter: null,
    });
    expect(destination.auth).toEqual({ type: "bearer", tokenMasked: "••••••••2345" });
    expect(destination.signingSecretMasked).not.toContain(signingSecret.slice(10, 30));
    const { rows } = await db.pool.query(
      "SELECT signing_secret, auth_config, created_by FROM webhook_destinations WHERE id = $1",
      [destination.id],
    );
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain("super-secret-token");
    expect(stored).not.toContain(signingSecret);
    expect(decryptSecret(rows[0].signing_secret, "signing_secret")).toBe(signingSecret);
    expect(decryptSecret(rows[0].auth_config.token, "auth_config.token")).toBe("super-secret-token-12345");
    expect(rows[0].created_by).toBe(actor.userId);
    expect(await targetAuditActions(destination.id)).toEqual(["destination.created"]);
  });

  it("rejects bad input with field errors", async () => {
    const error = await rejection(
      createDestination(
        orgId,
        {
          name: "",
          url: "ftp://x",
          authType: "basic",
          username: "u",
          batchSize: 0,
          timeoutMs: 100,
          retryMax: 21,
          retryBackoffMs: 10,
          eventFilter: [1],
        },
        actor,
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual([
      "batchSize",
      "eventFilter",
      "name",
      "password",
      "retryBackoffMs",
      "retryMax",
      "timeoutMs",
      "url",
    ]);
    const header = await rejection(
      createDestination(
        orgId,
        {
          name: "H",
          url: "http://127.0.0.1:9/",
          authType: "header",
          headerName: "webhook-signature",
          headerValue: "x",
        },
        actor,
      ),
    );
    expect((header as ValidationError).fieldErrors).toHaveProperty("headerName");
  });

  it("runs the address guard at save when private destinations are not allowed", async () => {
    process.env.ALLOW_PRIVATE_DESTINATIONS = "false";
    try {
      const error = await rejection(
        createDestination(orgId, { name: "Loopback", url: "http://127.0.0.1:9/hook" }, actor),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors.url?.[0]).toMatch(/private, loopback or reserved/);
      const metadata = await rejection(
        createDestination(orgId, { name: "Metadata", url: "http://169.254.169.254/latest" }, actor),
      );
      expect((metadata as ValidationError).fieldErrors).toHaveProperty("url");
    } finally {
      process.env.ALLOW_PRIVATE_DESTINATIONS = "true";
    }
  });
});

describe("updateDestination", () => {
  it("changes only the fields sent and keeps a secret left empty", async () => {
    const { destination } = await createDestination(
      orgId,
      {
        name: "Basic",
        url: "http://127.0.0.1:9/b",
        authType: "basic",
        username: "ann",
        password: "first-password",
        retryMax: 7,
      },
      actor,
    );
    const before = (await db.pool.query("SELECT auth_config FROM webhook_destinations WHERE id = $1", [destination.id]))
      .rows[0].auth_config;
    const updated = await updateDestination(
      orgId,
      destination.id,
      { name: "Basic 2", authType: "basic", username: "bea", password: "" },
      actor,
    );
    expect(updated).toMatchObject({ name: "Basic 2", retryMax: 7, auth: { type: "basic", username: "bea" } });
    const after = (await db.pool.query("SELECT auth_config FROM webhook_destinations WHERE id = $1", [destination.id]))
      .rows[0].auth_config;
    expect(after.password).toBe(before.password);
    expect(after.username).toBe("bea");
    await updateDestination(
      orgId,
      destination.id,
      { authType: "basic", username: "bea", password: "second-password" },
      actor,
    );
    const changed = (
      await db.pool.query("SELECT auth_config FROM webhook_destinations WHERE id = $1", [destination.id])
    ).rows[0].auth_config;
    expect(decryptSecret(changed.password, "auth_config.password")).toBe("second-password");
    expect(await targetAuditActions(destination.id)).toEqual([
      "destination.created",
      "destination.updated",
      "destination.updated",
    ]);
  });

  it("requires the secret when switching to an auth type that has none stored", async () => {
    const { destination } = await createDestination(orgId, { name: "None", url: "http://127.0.0.1:9/n" }, actor);
    const error = await rejection(
      updateDestination(orgId, destination.id, { authType: "header", headerName: "X-Key" }, actor),
    );
    expect((error as ValidationError).fieldErrors).toHaveProperty("headerValue");
    const ok = await updateDestination(
      orgId,
      destination.id,
      { authType: "header", headerName: "X-Key", headerValue: "v" },
      actor,
    );
    expect(ok.auth).toEqual({ type: "header", name: "X-Key", valueMasked: "••••••••" });
    const none = await updateDestination(
      orgId,
      destination.id,
      { authType: "none", eventFilter: { a: 1 }, eventTypes: ["x", "x", "y"] },
      actor,
    );
    expect(none).toMatchObject({ authType: "none", eventFilter: { a: 1 }, eventTypes: ["x", "y"] });
    expect(
      (await db.pool.query("SELECT auth_config FROM webhook_destinations WHERE id = $1", [destination.id])).rows[0]
        .auth_config,
    ).toBeNull();
  });
});

describe("rotate, reveal, enable, delete", () => {
  it("rotates the signing secret, keeping the previous one for 24 h", async () => {
    const { destination, signingSecret: original } = await createDestination(
      orgId,
      { name: "Rotating", url: "http://127.0.0.1:9/r" },
      actor,
    );
    const { signingSecret: next } = await rotateSigningSecret(orgId, destination.id, actor);
    expect(next).not.toBe(original);
    const { rows } = await db.pool.query(
      "SELECT signing_secret, expires_at, expires_at - now() AS ttl FROM destination_previous_secrets WHERE destination_id = $1",
      [destination.id],
    );
    expect(decryptSecret(rows[0].signing_secret, "signing_secret")).toBe(original);
    const hours = (rows[0].expires_at.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const revealed = await revealSigningSecret(orgId, destination.id, actor);
    expect(revealed.signingSecret).toBe(next);
    expect(revealed.previous?.signingSecret).toBe(original);
    expect((await getDestination(orgId, destination.id)).previousSecretExpiresAt).toBeInstanceOf(Date);
    // A second rotation replaces the kept secret with the one it replaces.
    const { signingSecret: third } = await rotateSigningSecret(orgId, destination.id, actor);
    const again = await revealSigningSecret(orgId, destination.id, actor);
    expect(again).toMatchObject({ signingSecret: third, previous: { signingSecret: next } });
    expect(await targetAuditActions(destination.id)).toEqual([
      "destination.created",
      "destination.secret_rotated",
      "destination.secret_revealed",
      "destination.secret_rotated",
      "destination.secret_revealed",
    ]);
  });

  it("enables and disables", async () => {
    const { destination } = await createDestination(orgId, { name: "Toggle", url: "http://127.0.0.1:9/t" }, actor);
    await setDestinationEnabled(orgId, destination.id, false, actor);
    expect((await getDestination(orgId, destination.id)).enabled).toBe(false);
    await setDestinationEnabled(orgId, destination.id, true, actor);
    expect((await getDestination(orgId, destination.id)).enabled).toBe(true);
  });

  it("deletes with a count of the deliveries that cascade", async () => {
    const { destination } = await createDestination(orgId, { name: "Doomed", url: "http://127.0.0.1:9/d" }, actor);
    for (let i = 0; i < 3; i++) {
      const logId = await createLog(db.pool, orgId);
      await db.pool.query("INSERT INTO webhook_deliveries (destination_id, log_id) VALUES ($1, $2)", [
        destination.id,
        logId,
      ]);
    }
    expect(await countDestinationDeliveries(orgId, destination.id)).toBe(3);
    expect(await deleteDestination(orgId, destination.id, actor)).toEqual({ cascadedDeliveries: 3 });
    expect(
      (
        await db.pool.query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE destination_id = $1", [
          destination.id,
        ])
      ).rows[0].n,
    ).toBe(0);
    expect(await rejection(getDestination(orgId, destination.id))).toBeInstanceOf(NotFoundError);
  });
});

describe("org isolation", () => {
  it("treats another org's destination id, or a malformed id, as not found everywhere", async () => {
    const foreign = await insertDestination(db.pool, otherOrgId, { url: "http://127.0.0.1:9/foreign" });
    const calls: (() => Promise<unknown>)[] = [
      () => getDestination(orgId, foreign.id),
      () => updateDestination(orgId, foreign.id, { name: "hijack" }, actor),
      () => deleteDestination(orgId, foreign.id, actor),
      () => countDestinationDeliveries(orgId, foreign.id),
      () => setDestinationEnabled(orgId, foreign.id, false, actor),
      () => rotateSigningSecret(orgId, foreign.id, actor),
      () => revealSigningSecret(orgId, foreign.id, actor),
      () => getDestination(orgId, "not-a-uuid"),
      () => deleteDestination(orgId, "1; DROP TABLE x", actor),
    ];
    for (const call of calls) expect(await rejection(call())).toBeInstanceOf(NotFoundError);
    const { rows } = await db.pool.query(
      "SELECT name, enabled, signing_secret FROM webhook_destinations WHERE id = $1",
      [foreign.id],
    );
    expect(rows[0].enabled).toBe(true);
    expect(decryptSecret(rows[0].signing_secret, "signing_secret")).toBe(foreign.signingSecret);
    expect((await listDestinations(orgId)).map((d) => d.id)).not.toContain(foreign.id);
  });
});

describe("listDestinations health", () => {
  it("reports 24 h success rate, p95, hourly buckets and the last failure", async () => {
    const org = await createOrg(db.pool);
    const { destination } = await createDestination(org, { name: "Health", url: "http://127.0.0.1:9/h" }, actor);
    const quiet = await createDestination(org, { name: "Quiet", url: "http://127.0.0.1:9/q" }, actor);
    // 20 attempts in the last hour: 15 ok, 5 failed; durations 10..200 ms.
    for (let i = 1; i <= 20; i++) {
      const logId = await createLog(db.pool, org);
      const ok = i <= 15;
      const { rows } = await db.pool.query<{ id: string }>(
        `INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, last_attempt_at, error_message, response_status)
         VALUES ($1, $2, $3, 1, now() - interval '1 minute', $4, $5) RETURNING id`,
        [destination.id, logId, ok ? "delivered" : "failed", ok ? null : `HTTP 500 #${i}`, ok ? 200 : 500],
      );
      await db.pool.query(
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, started_at, duration_ms, request_url, request_headers,
          response_status, outcome)
         VALUES ($1, 1, now() - interval '1 minute' - make_interval(secs => $2), $3, 'http://127.0.0.1:9/h', '{}', $4, $5)`,
        [rows[0]!.id, i, i * 10, ok ? 200 : 500, ok ? "delivered" : "http_error"],
      );
    }
    // An attempt two days ago does not count.
    const oldLog = await createLog(db.pool, org);
    const old = await db.pool.query<{ id: string }>(
      "INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, last_attempt_at) VALUES ($1, $2, 'delivered', " +
        "1, now() - interval '2 days') RETURNING id",
      [destination.id, oldLog],
    );
    await db.pool.query(
      "INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, started_at, duration_ms, request_url, " +
        "request_headers, response_status, outcome) VALUES ($1, 1, now() - interval '2 days', 9999, 'x', '{}', 200, 'delivered')",
      [old.rows[0]!.id],
    );
    const list = await listDestinations(org);
    expect(list.map((d) => d.name)).toEqual(["Health", "Quiet"]);
    const health = list[0]!;
    expect(health.attempts24h).toBe(20);
    expect(health.successRate24h).toBeCloseTo(0.75);
    expect(health.p95ResponseMs24h).toBe(191); // percentile_cont over 10..200
    expect(health.hourly).toHaveLength(24);
    expect(health.hourly.reduce((s, h) => s + h.succeeded + h.failed, 0)).toBe(20);
    expect(health.hourly.reduce((s, h) => s + h.failed, 0)).toBe(5);
    expect(health.lastFailure?.error).toMatch(/^HTTP 500 #/);
    const silent = list.find((d) => d.id === quiet.destination.id)!;
    expect(silent).toMatchObject({ attempts24h: 0, successRate24h: null, p95ResponseMs24h: null, lastFailure: null });
  });
});

describe("previewEventFilter and listEventTypes", () => {
  it("counts matches among the org's last 1,000 logs with the fan-out's own predicate", async () => {
    const org = await createOrg(db.pool);
    await db.pool.query(
      `INSERT INTO activity_logs (org_id, event_type, payload, created_at)
       SELECT $1, CASE WHEN g % 2 = 0 THEN 'user.login' ELSE 'invoice.paid' END,
              jsonb_build_object('severity', CASE WHEN g % 4 < 2 THEN 'high' ELSE 'low' END, 'n', g),
              now() - make_interval(secs => g)
         FROM generate_series(1, 1200) g`,
      [org],
    );
    expect(await previewEventFilter(org, {})).toEqual({ matched: 1000, sampled: 1000 });
    expect(await previewEventFilter(org, { eventTypes: ["user.login"] })).toEqual({ matched: 500, sampled: 1000 });
    expect(await previewEventFilter(org, { eventFilter: { severity: "high" } })).toEqual({
      matched: 500,
      sampled: 1000,
    });
    expect(await previewEventFilter(org, { eventTypes: ["user.login"], eventFilter: { severity: "high" } })).toEqual({
      matched: 250,
      sampled: 1000,
    });
    expect(await rejection(previewEventFilter(org, { eventFilter: "nope" }))).toBeInstanceOf(ValidationError);
    expect(await listEventTypes(org)).toEqual(["invoice.paid", "user.login"]);
    expect(await previewEventFilter(otherOrgId, { eventTypes: ["user.login"] })).toEqual({ matched: 0, sampled: 0 });
  });
});
