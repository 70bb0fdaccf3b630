import { beforeAll, describe, expect, it } from "vitest";
import type { AuditActor } from "../../lib/audit/record-audit";
import { NotFoundError } from "../../lib/errors";
import {
  countFailedWebhooks,
  discardFailedWebhooks,
  getFailedWebhook,
  listFailedWebhooks,
  retryFailedWebhooks,
  type FailedWebhookFilter,
} from "../../lib/failed-webhooks";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createLog, createOrg } from "../helpers/fixtures";

let db: TestDatabase;
const actor: AuditActor = { userId: null, label: "tester" };

interface Letter {
  id: string;
  deliveryId: string;
  destinationId: string;
  logId: string;
}

/** A dead delivery with its dead-letter row, as the dispatcher leaves them. */
async function deadLetter(
  org: string,
  dest: { id: string; name: string },
  options: { eventType?: string; status?: string; attemptCount?: number; error?: string; createdAt?: string } = {},
): Promise<Letter> {
  const eventType = options.eventType ?? "user.login";
  const logId = await createLog(db.pool, org, eventType, { n: 1 });
  const delivery = await db.pool.query<{ id: string }>(
    "INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, error_message, next_retry_at) VALUES ($1, $2, " +
      "'dead', 3, $3, NULL) RETURNING id",
    [dest.id, logId, options.error ?? "HTTP 500"],
  );
  const deliveryId = delivery.rows[0]!.id;
  const envelope = {
    delivery_id: deliveryId,
    destination_id: dest.id,
    destination_name: dest.name,
    log_id: logId,
    org_id: org,
    event_type: eventType,
    url: "http://127.0.0.1:9/x",
    attempts: 3,
    body: { id: deliveryId },
  };
  const { rows } = await db.pool.query<{ id: string }>(
    "INSERT INTO failed_webhooks (webhook_payload_json, error_message, attempt_count, status, created_at) VALUES ($1, $2, $3, " +
      "$4::failed_webhook_status, $5) RETURNING id::text",
    [
      JSON.stringify(envelope),
      options.error ?? "HTTP 500",
      options.attemptCount ?? 0,
      options.status ?? "pending",
      options.createdAt ?? "2026-04-01 00:00:00",
    ],
  );
  return { id: rows[0]!.id, deliveryId, destinationId: dest.id, logId };
}

async function letterRow(id: string) {
  return (
    await db.pool.query(
      "SELECT status::text, attempt_count, last_attempt_at, updated_at FROM failed_webhooks WHERE id = $1",
      [id],
    )
  ).rows[0];
}
async function deliveryRow(id: string) {
  return (await db.pool.query("SELECT status, attempts, next_retry_at FROM webhook_deliveries WHERE id = $1", [id]))
    .rows[0];
}

let orgId: string;
let otherOrgId: string;
let destA: { id: string; name: string };
let destB: { id: string; name: string };
let foreignDest: { id: string; name: string };

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  otherOrgId = await createOrg(db.pool);
  destA = { id: (await createDestination(db.pool, orgId, { name: "A", url: "http://127.0.0.1:9/a" })).id, name: "A" };
  destB = { id: (await createDestination(db.pool, orgId, { name: "B", url: "http://127.0.0.1:9/b" })).id, name: "B" };
  foreignDest = {
    id: (await createDestination(db.pool, otherOrgId, { name: "F", url: "http://127.0.0.1:9/f" })).id,
    name: "F",
  };
});

describe("retryFailedWebhooks", () => {
  it("re-queues the delivery and marks the row retried, exactly as DESIGN.md's Review says", async () => {
    const letter = await deadLetter(orgId, destA, { attemptCount: 2 });
    const before = await letterRow(letter.id);
    const result = await retryFailedWebhooks(orgId, { ids: [letter.id] }, actor);
    expect(result).toEqual({ count: 1, skipped: 0, skippedIds: [] });
    expect(await deliveryRow(letter.deliveryId)).toEqual({ status: "pending", attempts: 0, next_retry_at: null });
    const after = await letterRow(letter.id);
    expect(after).toMatchObject({ status: "retried", attempt_count: 3 });
    expect(after.last_attempt_at).toBeInstanceOf(Date);
    expect(after.updated_at.getTime()).toBeGreaterThanOrEqual(before.updated_at.getTime());
    // Already retried: nothing to do.
    expect(await retryFailedWebhooks(orgId, { ids: [letter.id] }, actor)).toEqual({
      count: 0,
      skipped: 0,
      skippedIds: [],
    });
  });

  it("caps attempt_count at 255", async () => {
    const letter = await deadLetter(orgId, destA, { attemptCount: 255 });
    await retryFailedWebhooks(orgId, { ids: [letter.id] }, actor);
    expect((await letterRow(letter.id)).attempt_count).toBe(255);
  });

  it("skips and reports a row whose delivery no longer exists", async () => {
    const kept = await deadLetter(orgId, destA);
    const orphan = await deadLetter(orgId, destA);
    await db.pool.query("DELETE FROM webhook_deliveries WHERE id = $1", [orphan.deliveryId]);
    const result = await retryFailedWebhooks(orgId, { ids: [kept.id, orphan.id] }, actor);
    expect(result).toEqual({ count: 1, skipped: 1, skippedIds: [orphan.id] });
    expect((await letterRow(orphan.id)).status).toBe("pending");
    expect((await letterRow(kept.id)).status).toBe("retried");
  });

  it("reads the envelope's ids by shape: malformed ones link to nothing and are skipped, an upper-case one still matches", async () => {
    const letter = await deadLetter(orgId, destA);
    await db.pool.query(
      `UPDATE failed_webhooks SET webhook_payload_json = webhook_payload_json
         || jsonb_build_object('delivery_id', upper($2), 'destination_id', 'not-a-uuid', 'log_id', '12345678-1234-1234-1234-12345678901Z')
        WHERE id = $1`,
      [letter.id, letter.deliveryId],
    );
    const detail = await getFailedWebhook(orgId, letter.id);
    expect(detail.links.delivery?.id).toBe(letter.deliveryId);
    expect(detail.links.destination).toBeNull();
    expect(detail.links.activityLog).toBeNull();
    expect(await retryFailedWebhooks(orgId, { ids: [letter.id] }, actor)).toEqual({
      count: 1,
      skipped: 0,
      skippedIds: [],
    });

    const broken = await deadLetter(orgId, destA);
    await db.pool.query(
      'UPDATE failed_webhooks SET webhook_payload_json = webhook_payload_json || \'{"delivery_id": "0000"}\' WHERE id = $1',
      [broken.id],
    );
    expect(await retryFailedWebhooks(orgId, { ids: [broken.id] }, actor)).toEqual({
      count: 0,
      skipped: 1,
      skippedIds: [broken.id],
    });
    expect((await letterRow(broken.id)).status).toBe("pending");
  });

  it("retries a discarded row (undo), and a retried row that dies again reopens as pending", async () => {
    const letter = await deadLetter(orgId, destA, { status: "failed_permanently" });
    expect((await retryFailedWebhooks(orgId, { ids: [letter.id] }, actor)).count).toBe(1);
    expect((await letterRow(letter.id)).status).toBe("retried");
    // The dispatcher's reopen (same upsert it uses): the same row returns to pending.
    await db.pool.query(
      `INSERT INTO failed_webhooks (webhook_payload_json, error_message, last_attempt_at) VALUES ($1, 'HTTP 503', now())
       ON CONFLICT ((webhook_payload_json ->> 'delivery_id')) DO UPDATE SET status = 'pending', error_message = EXCLUDED.error_message`,
      [JSON.stringify({ delivery_id: letter.deliveryId, org_id: orgId })],
    );
    expect(await letterRow(letter.id)).toMatchObject({ status: "pending", attempt_count: 1 });
  });

  it("retries everything matching a filter, in batches, within the org only", async () => {
    const org = await createOrg(db.pool);
    const dest = {
      id: (await createDestination(db.pool, org, { name: "Bulk", url: "http://127.0.0.1:9/bulk" })).id,
      name: "Bulk",
    };
    // 1,100 dead letters via SQL (fast), half of them for invoice.paid.
    await db.pool.query(
      `WITH logs AS (
         INSERT INTO activity_logs (org_id, event_type) SELECT $1, CASE WHEN g % 2 = 0 THEN 'invoice.paid' ELSE 'user.login' END FROM
           generate_series(1, 1100) g RETURNING id, event_type
       ), d AS (
         INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts) SELECT $2, id, 'dead', 3 FROM logs RETURNING id, log_id
       )
       INSERT INTO failed_webhooks (webhook_payload_json, error_message)
       SELECT jsonb_build_object('delivery_id', d.id, 'destination_id', $2::uuid, 'org_id', $1::uuid, 'log_id', d.log_id, 'event_type',
         l.event_type), 'HTTP 500'
         FROM d JOIN logs l ON l.id = d.log_id`,
      [org, dest.id],
    );
    const foreign = await deadLetter(otherOrgId, foreignDest, { eventType: "invoice.paid" });
    const progress: number[] = [];
    const filter: FailedWebhookFilter = { eventType: "invoice.paid", destinationId: [dest.id, foreignDest.id] };
    expect(await countFailedWebhooks(org, filter)).toEqual({ count: 550, estimated: false });
    const result = await retryFailedWebhooks(org, { filter }, actor, (n) => progress.push(n));
    expect(result.count).toBe(550);
    expect(progress.at(-1)).toBe(550);
    expect(await countFailedWebhooks(org, { status: ["retried"] })).toEqual({ count: 550, estimated: false });
    expect(
      (
        await db.pool.query(
          "SELECT count(*)::int AS n FROM webhook_deliveries WHERE destination_id = $1 AND status = 'pending'",
          [dest.id],
        )
      ).rows[0].n,
    ).toBe(550);
    expect((await letterRow(foreign.id)).status).toBe("pending");
    expect((await deliveryRow(foreign.deliveryId)).status).toBe("dead");
  });
});

describe("discardFailedWebhooks", () => {
  it("moves pending rows to failed_permanently and leaves the delivery dead", async () => {
    const pending = await deadLetter(orgId, destB);
    const retried = await deadLetter(orgId, destB, { status: "retried" });
    expect(await discardFailedWebhooks(orgId, { ids: [pending.id, retried.id] }, actor)).toEqual({ count: 1 });
    expect((await letterRow(pending.id)).status).toBe("failed_permanently");
    expect((await letterRow(retried.id)).status).toBe("retried");
    expect((await deliveryRow(pending.deliveryId)).status).toBe("dead");
    const audit = (
      await db.pool.query(
        "SELECT action, target_id, details FROM audit_logs WHERE action = 'failed_webhooks.discarded' ORDER BY id DESC LIMIT 1",
      )
    ).rows[0];
    expect(audit.details).toMatchObject({ count: 1, selected: 2 });
  });

  it("discards by filter and never another org's rows", async () => {
    const org = await createOrg(db.pool);
    const dest = {
      id: (await createDestination(db.pool, org, { name: "D", url: "http://127.0.0.1:9/d" })).id,
      name: "D",
    };
    for (let i = 0; i < 4; i++) await deadLetter(org, dest, { error: i < 3 ? "HTTP 404 Not Found" : "timeout" });
    const foreign = await deadLetter(otherOrgId, foreignDest, { error: "HTTP 404 Not Found" });
    expect(await discardFailedWebhooks(org, { filter: { q: "404" } }, actor)).toEqual({ count: 3 });
    expect(await discardFailedWebhooks(org, { ids: [foreign.id] }, actor)).toEqual({ count: 0 });
    expect(await retryFailedWebhooks(org, { ids: [foreign.id] }, actor)).toEqual({
      count: 0,
      skipped: 0,
      skippedIds: [],
    });
    expect((await letterRow(foreign.id)).status).toBe("pending");
  });
});

describe("listFailedWebhooks, countFailedWebhooks, getFailedWebhook", () => {
  let org: string;
  let letters: Letter[];
  let d1: { id: string; name: string };
  let d2: { id: string; name: string };

  beforeAll(async () => {
    org = await createOrg(db.pool);
    d1 = { id: (await createDestination(db.pool, org, { name: "One", url: "http://127.0.0.1:9/1" })).id, name: "One" };
    d2 = { id: (await createDestination(db.pool, org, { name: "Two", url: "http://127.0.0.1:9/2" })).id, name: "Two" };
    letters = [];
    for (let i = 0; i < 23; i++) {
      letters.push(
        await deadLetter(org, i % 2 ? d1 : d2, {
          eventType: i % 3 ? "user.login" : "invoice.failed",
          status: ["pending", "retried", "failed_permanently"][i % 3],
          // Only 3 distinct created_at values: pages must still be stable.
          createdAt: ["2026-04-01 00:00:00", "2026-04-02 00:00:00", "2026-04-03 00:00:00"][i % 3],
          attemptCount: i % 4,
          error: i === 5 ? "connect ECONNREFUSED" : "HTTP 500",
        }),
      );
    }
  });

  it("pages with a keyset cursor forward and back", async () => {
    for (const sort of [
      { by: "created_at", order: "desc" },
      { by: "attempt_count", order: "asc" },
      { by: "last_attempt_at", order: "desc" },
    ] as const) {
      const seen: string[][] = [];
      let page = await listFailedWebhooks(org, {}, { sort, limit: 5 });
      seen.push(page.rows.map((r) => r.id));
      while (page.nextCursor) {
        page = await listFailedWebhooks(org, {}, { sort, limit: 5, cursor: page.nextCursor });
        seen.push(page.rows.map((r) => r.id));
      }
      expect(seen.flat().sort()).toEqual(letters.map((l) => l.id).sort());
      const back: string[][] = [page.rows.map((r) => r.id)];
      while (page.prevCursor) {
        page = await listFailedWebhooks(org, {}, { sort, limit: 5, cursor: page.prevCursor, direction: "prev" });
        back.unshift(page.rows.map((r) => r.id));
      }
      expect(back).toEqual(seen);
    }
  });

  it("filters by status, destination and event type from the payload, dates and error text", async () => {
    const ids = async (filter: FailedWebhookFilter) =>
      (await listFailedWebhooks(org, filter, { limit: 100 })).rows.map((r) => r.id).sort();
    const expected = (pred: (i: number) => boolean) =>
      letters
        .filter((_, i) => pred(i))
        .map((l) => l.id)
        .sort();
    expect(await ids({ status: ["pending"] })).toEqual(expected((i) => i % 3 === 0));
    expect(await ids({ status: ["retried", "failed_permanently"] })).toEqual(expected((i) => i % 3 !== 0));
    expect(await ids({ destinationId: [d1.id] })).toEqual(expected((i) => i % 2 === 1));
    expect(await ids({ eventType: "invoice.failed" })).toEqual(expected((i) => i % 3 === 0));
    expect(
      await ids({ createdFrom: new Date("2026-04-02T00:00:00Z"), createdTo: new Date("2026-04-03T00:00:00Z") }),
    ).toEqual(expected((i) => i % 3 === 1));
    expect(await ids({ q: "econnrefused" })).toEqual([letters[5]!.id]);
    expect(await countFailedWebhooks(org, { destinationId: [d1.id], status: ["pending"] })).toEqual({
      count: letters.filter((_, i) => i % 2 === 1 && i % 3 === 0).length,
      estimated: false,
    });
    const row = (await listFailedWebhooks(org, { q: "econnrefused" })).rows[0]!;
    expect(row).toMatchObject({
      destinationId: d1.id,
      destinationName: "One",
      eventType: "user.login",
      status: "failed_permanently",
      deliveryId: letters[5]!.deliveryId,
    });
  });

  it("resolves links, or null when the row they name is gone", async () => {
    const letter = letters[0]!;
    const detail = await getFailedWebhook(org, letter.id);
    expect(detail.links.delivery).toMatchObject({ id: letter.deliveryId, status: "dead" });
    expect(detail.links.destination).toMatchObject({ id: d2.id, name: "Two" });
    expect(detail.links.activityLog).toMatchObject({ id: letter.logId, eventType: "invoice.failed" });
    expect(detail.payload).toMatchObject({ delivery_id: letter.deliveryId, org_id: org });
    await db.pool.query("DELETE FROM activity_logs WHERE id = $1", [letter.logId]);
    const gone = await getFailedWebhook(org, letter.id);
    expect(gone.links).toEqual({
      delivery: null,
      destination: { id: d2.id, name: "Two", enabled: true },
      activityLog: null,
    });
  });

  it("treats another org's row and a malformed id as not found", async () => {
    const foreign = await deadLetter(otherOrgId, foreignDest);
    await expect(getFailedWebhook(org, foreign.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getFailedWebhook(org, "abc")).rejects.toBeInstanceOf(NotFoundError);
    await expect(getFailedWebhook(org, "99999999999")).rejects.toBeInstanceOf(NotFoundError);
    expect((await listFailedWebhooks(org, {}, { limit: 1000 })).rows.map((r) => r.id)).not.toContain(foreign.id);
  });
});
