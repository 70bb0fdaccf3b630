import { beforeAll, describe, expect, it } from "vitest";
import type { AuditActor } from "../../lib/audit/record-audit";
import {
  cancelDeliveries,
  countDeliveries,
  exportDeliveries,
  getDeliveryDetail,
  listDeliveries,
  retryDeliveries,
  type DeliveryFilter,
  type DeliveryListRow,
  type DeliverySort,
  type DeliveryStatus,
} from "../../lib/deliveries";
import { NotFoundError, ValidationError } from "../../lib/errors";
import { Prisma } from "../../lib/db/sql";
import { buildKeysetSql, fetchKeysetRows, type KeysetQuery } from "../../lib/list/keyset";
import { emptySegmentsFor } from "../../lib/deliveries/list-deliveries";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";

let db: TestDatabase;
let orgId: string;
let otherOrgId: string;
let destA: string;
let foreignDest: string;
const actor: AuditActor = { userId: null, label: "tester" };

interface Spec {
  dest?: string;
  eventType?: string;
  status?: string;
  attempts?: number;
  createdAt?: string;
  lastAttemptAt?: string | null;
  nextRetryAt?: string | null;
  responseStatus?: number | null;
  error?: string | null;
}

/** Inserts one log + delivery per spec in one statement; returns the delivery ids in order. */
async function seed(org: string, specs: Spec[]): Promise<string[]> {
  const rows = specs.map((s, i) => ({
    ord: i + 1,
    dest: s.dest ?? destA,
    event_type: s.eventType ?? "user.login",
    status: s.status ?? "pending",
    attempts: s.attempts ?? 0,
    created_at: s.createdAt ?? "2026-01-01 00:00:00",
    last_attempt_at: s.lastAttemptAt ?? null,
    next_retry_at: s.nextRetryAt ?? null,
    response_status: s.responseStatus ?? null,
    error: s.error ?? null,
  }));
  const { rows: out } = await db.pool.query<{ id: string; ord: number }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(ord int, dest uuid, event_type text, status text, attempts int, created_at
         timestamp,
              last_attempt_at timestamp, next_retry_at timestamp, response_status int, error text)
     ), logs AS (
       INSERT INTO activity_logs (org_id, event_type, payload, created_at)
       SELECT $1, event_type, jsonb_build_object('ord', ord), created_at FROM input RETURNING id, (payload->>'ord')::int AS ord
     )
     INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, created_at, last_attempt_at, next_retry_at,
       response_status, error_message)
     SELECT i.dest, l.id, i.status, i.attempts, i.created_at, i.last_attempt_at, i.next_retry_at, i.response_status, i.error
       FROM input i JOIN logs l ON l.ord = i.ord
     RETURNING id, (SELECT ord FROM logs WHERE logs.id = log_id)::int AS ord`,
    [org, JSON.stringify(rows)],
  );
  return out.sort((a, b) => a.ord - b.ord).map((r) => r.id);
}

async function walk(
  org: string,
  filter: DeliveryFilter,
  sort: DeliverySort,
  limit: number,
): Promise<{ forward: string[][]; backward: string[][] }> {
  const forward: string[][] = [];
  let page = await listDeliveries(org, filter, { sort, limit });
  forward.push(page.rows.map((r) => r.id));
  expect(page.prevCursor).toBeNull();
  while (page.nextCursor) {
    page = await listDeliveries(org, filter, { sort, limit, cursor: page.nextCursor, direction: "next" });
    forward.push(page.rows.map((r) => r.id));
  }
  const backward: string[][] = [page.rows.map((r) => r.id)];
  while (page.prevCursor) {
    page = await listDeliveries(org, filter, { sort, limit, cursor: page.prevCursor, direction: "prev" });
    backward.unshift(page.rows.map((r) => r.id));
  }
  return { forward, backward };
}

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  otherOrgId = await createOrg(db.pool);
  destA = (await createDestination(db.pool, orgId, { name: "Alpha", url: "http://127.0.0.1:9/a" })).id;
  await createDestination(db.pool, orgId, { name: "Beta", url: "http://127.0.0.1:9/b" });
  foreignDest = (await createDestination(db.pool, otherOrgId, { name: "Foreign", url: "http://127.0.0.1:9/f" })).id;
});

describe("keyset pagination", () => {
  it("pages forward and back stably over equal sort values, for every sort", async () => {
    const org = await createOrg(db.pool);
    const dest = (await createDestination(db.pool, org, { url: "http://127.0.0.1:9/p" })).id;
    // 47 rows over only 4 distinct created_at values (µs precision included), with NULLs and ties
    // in the nullable columns.
    const specs: Spec[] = Array.from({ length: 47 }, (_, i) => ({
      dest,
      createdAt: ["2026-01-01 00:00:00", "2026-01-01 00:00:00.000001", "2026-01-02 12:00:00.5", "2026-01-03 00:00:00"][
        i % 4
      ],
      attempts: i % 3,
      lastAttemptAt: i % 5 === 0 ? null : ["2026-02-01 00:00:00", "2026-02-01 00:00:00.000007"][i % 2],
      nextRetryAt: i % 2 === 0 ? null : "2026-03-01 00:00:00",
    }));
    await seed(org, specs);
    const expected = async (column: string, order: "asc" | "desc") => {
      const nulls = order === "asc" ? "NULLS FIRST" : "NULLS LAST";
      const { rows } = await db.pool.query<{ id: string }>(
        `SELECT id FROM webhook_deliveries WHERE destination_id = $1 ORDER BY ${column} ${order} ${nulls}, id ${order}`,
        [dest],
      );
      return rows.map((r) => r.id);
    };
    for (const by of ["created_at", "last_attempt_at", "next_retry_at", "attempts"] as const) {
      for (const order of ["asc", "desc"] as const) {
        const { forward, backward } = await walk(org, {}, { by, order }, 10);
        expect(forward.flat(), `${by} ${order}`).toEqual(await expected(by, order));
        expect(forward.map((p) => p.length)).toEqual([10, 10, 10, 10, 7]);
        expect(backward, `${by} ${order} backwards`).toEqual(forward);
      }
    }
  });

  it("skips only sort segments a status filter leaves empty, and pages every status filter completely", async () => {
    expect(emptySegmentsFor("last_attempt_at", ["delivered"])).toEqual({ nulls: true });
    expect(emptySegmentsFor("last_attempt_at", ["delivered", "dead"])).toEqual({ nulls: false });
    expect(emptySegmentsFor("next_retry_at", ["delivered", "dead"])).toEqual({ values: true, nulls: false });
    expect(emptySegmentsFor("next_retry_at", ["failed"])).toEqual({ values: false, nulls: true });
    expect(emptySegmentsFor("next_retry_at", undefined)).toEqual({});
    const org = await createOrg(db.pool);
    const dest = (await createDestination(db.pool, org, { url: "http://127.0.0.1:9/s" })).id;
    // Rows as the dispatcher leaves them: delivered (attempted, nothing scheduled), failed
    // (attempted, retry scheduled), dead (attempted, or cancelled before any attempt), pending
    // (new, or leased / re-queued).
    const at = (i: number) => `2026-02-0${1 + (i % 3)} 00:00:0${i % 7}`;
    const specs: Spec[] = Array.from({ length: 36 }, (_, i) => {
      const kind = i % 6;
      if (kind === 0) return { dest, status: "delivered", attempts: 1, lastAttemptAt: at(i) };
      if (kind === 1) return { dest, status: "failed", attempts: 2, lastAttemptAt: at(i), nextRetryAt: at(i + 1) };
      if (kind === 2) return { dest, status: "dead", attempts: 5, lastAttemptAt: at(i) };
      if (kind === 3) return { dest, status: "dead", attempts: 0 };
      if (kind === 4) return { dest, status: "pending", attempts: 0 };
      return { dest, status: "pending", attempts: 1, lastAttemptAt: at(i), nextRetryAt: at(i + 2) };
    });
    await seed(org, specs);
    const statusSets: DeliveryStatus[][] = [
      ["delivered"],
      ["failed"],
      ["dead"],
      ["delivered", "failed"],
      ["delivered", "dead"],
      ["pending"],
    ];
    for (const status of statusSets) {
      for (const by of ["last_attempt_at", "next_retry_at"] as const) {
        for (const order of ["asc", "desc"] as const) {
          const nulls = order === "asc" ? "NULLS FIRST" : "NULLS LAST";
          const { rows } = await db.pool.query<{ id: string }>(
            `SELECT id FROM webhook_deliveries WHERE destination_id = $1 AND status = ANY ($2) ORDER BY ${by} ${order} ${nulls}, ` +
              `id ${order}`,
            [dest, status],
          );
          const { forward, backward } = await walk(org, { status }, { by, order }, 4);
          expect(forward.flat(), `${status} ${by} ${order}`).toEqual(rows.map((r) => r.id));
          expect(backward, `${status} ${by} ${order} backwards`).toEqual(forward);
        }
      }
    }
  });

  it("gives the same page from the single-statement form as from the segment statements", async () => {
    const org = await createOrg(db.pool);
    const dest = (await createDestination(db.pool, org, { url: "http://127.0.0.1:9/k" })).id;
    await seed(
      org,
      Array.from({ length: 9 }, (_, i) => ({
        dest,
        lastAttemptAt: i % 3 === 0 ? null : `2026-02-0${1 + (i % 4)} 00:00:00`,
      })),
    );
    for (const order of ["asc", "desc"] as const) {
      const query: KeysetQuery = {
        select: "d.id",
        from: "webhook_deliveries d",
        where: [Prisma.sql`d.destination_id = ${dest}::uuid`],
        column: { expr: "d.last_attempt_at", type: "timestamp", nullable: true },
        idExpr: "d.id",
        idType: "uuid",
        order,
        cursor: null,
        direction: "next",
        limit: 6,
      };
      const single = buildKeysetSql(query);
      const viaUnion = (await db.pool.query<{ id: string }>(single.text, single.values)).rows.map((r) => r.id);
      const viaSegments = (
        await fetchKeysetRows(query, async (sql) => (await db.pool.query<{ id: string }>(sql.text, sql.values)).rows)
      ).map((r) => r.id);
      expect(viaUnion).toHaveLength(7);
      expect(viaUnion).toEqual(viaSegments);
    }
  });

  it("shows the first page in full when paging back reaches the start, and ignores a cursor of another sort", async () => {
    const org = await createOrg(db.pool);
    const dest = (await createDestination(db.pool, org, { url: "http://127.0.0.1:9/p2" })).id;
    await seed(
      org,
      Array.from({ length: 12 }, (_, i) => ({ dest, createdAt: `2026-01-01 00:00:${String(i).padStart(2, "0")}` })),
    );
    const first = await listDeliveries(org, {}, { limit: 5 });
    const second = await listDeliveries(org, {}, { limit: 5, cursor: first.nextCursor });
    await db.pool.query("DELETE FROM webhook_deliveries WHERE id = $1", [first.rows[1]!.id]);
    const back = await listDeliveries(org, {}, { limit: 5, cursor: second.prevCursor, direction: "prev" });
    expect(back.rows).toHaveLength(5);
    expect(back.prevCursor).toBeNull();
    const otherSort = await listDeliveries(
      org,
      {},
      { limit: 5, cursor: second.nextCursor, sort: { by: "attempts", order: "asc" } },
    );
    expect(otherSort.prevCursor).toBeNull();
    expect(await listDeliveries(org, {}, { limit: 5, cursor: "garbage" })).toMatchObject({ prevCursor: null });
    await expect(listDeliveries(org, {}, { limit: 5, cursor: "garbage", strictCursor: true })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe("filters and counts", () => {
  let ids: string[];
  let logIds: string[];
  const filterOrg = { id: "" };

  beforeAll(async () => {
    filterOrg.id = await createOrg(db.pool);
    const a = (await createDestination(db.pool, filterOrg.id, { name: "A", url: "http://127.0.0.1:9/fa" })).id;
    const b = (await createDestination(db.pool, filterOrg.id, { name: "B", url: "http://127.0.0.1:9/fb" })).id;
    (filterOrg as Record<string, string>).a = a;
    (filterOrg as Record<string, string>).b = b;
    ids = await seed(filterOrg.id, [
      {
        dest: a,
        status: "delivered",
        attempts: 1,
        responseStatus: 200,
        createdAt: "2026-05-01 10:00:00",
        lastAttemptAt: "2026-05-01 10:00:01",
        eventType: "invoice.paid",
      },
      {
        dest: a,
        status: "failed",
        attempts: 2,
        responseStatus: 503,
        error: "HTTP 503 Service Unavailable",
        createdAt: "2026-05-02 10:00:00",
        lastAttemptAt: "2026-05-02 11:00:00",
      },
      {
        dest: b,
        status: "dead",
        attempts: 5,
        responseStatus: 404,
        error: "HTTP 404 Not Found",
        createdAt: "2026-05-03 10:00:00",
        lastAttemptAt: "2026-05-04 10:00:00",
      },
      {
        dest: b,
        status: "dead",
        attempts: 5,
        responseStatus: null,
        error: "timeout after 100% of 5000 ms",
        createdAt: "2026-05-04 10:00:00",
        lastAttemptAt: "2026-05-05 10:00:00",
        eventType: "invoice.paid",
      },
      { dest: a, status: "pending", attempts: 0, createdAt: "2026-05-05 10:00:00" },
      {
        dest: b,
        status: "failed",
        attempts: 1,
        responseStatus: 301,
        error: "redirect (HTTP 301) not followed",
        createdAt: "2026-05-06 10:00:00",
        lastAttemptAt: "2026-05-06 10:00:05",
      },
    ]);
    logIds = (
      await db.pool.query<{ log_id: string }>(
        "SELECT log_id FROM webhook_deliveries WHERE id = ANY ($1::uuid[]) ORDER BY array_position($1::uuid[], id)",
        [ids],
      )
    ).rows.map((r) => r.log_id);
    // Another org's rows never show up.
    await seed(otherOrgId, [{ dest: foreignDest, status: "dead", error: "HTTP 404 Not Found", attempts: 5 }]);
  });

  const cases: [string, () => DeliveryFilter, number[]][] = [
    ["no filter", () => ({}), [0, 1, 2, 3, 4, 5]],
    ["status dead", () => ({ status: ["dead"] }), [2, 3]],
    ["status failed+pending", () => ({ status: ["failed", "pending"] }), [1, 4, 5]],
    ["destination B", () => ({ destinationId: [(filterOrg as Record<string, string>).b!] }), [2, 3, 5]],
    ["foreign destination", () => ({ destinationId: [foreignDest] }), []],
    ["event type", () => ({ eventType: "invoice.paid" }), [0, 3]],
    ["2xx", () => ({ responseStatus: "2xx" }), [0]],
    ["3xx", () => ({ responseStatus: "3xx" }), [5]],
    ["4xx", () => ({ responseStatus: "4xx" }), [2]],
    ["5xx", () => ({ responseStatus: "5xx" }), [1]],
    ["exact 404", () => ({ responseStatus: 404 }), [2]],
    ["no response", () => ({ responseStatus: "none" }), [3, 4]],
    [
      "created range",
      () => ({ createdFrom: new Date("2026-05-02T00:00:00Z"), createdTo: new Date("2026-05-04T10:00:00Z") }),
      [1, 2],
    ],
    [
      "last attempt range",
      () => ({ lastAttemptFrom: new Date("2026-05-04T00:00:00Z"), lastAttemptTo: new Date("2026-05-06T00:00:00Z") }),
      [2, 3],
    ],
    ["error text", () => ({ q: "not found" }), [2]],
    ["error text with LIKE metacharacters", () => ({ q: "100%" }), [3]],
    ["underscore is literal", () => ({ q: "_" }), []],
    ["min attempts", () => ({ minAttempts: 2 }), [1, 2, 3]],
    ["one activity log", () => ({ logId: logIds[4]! }), [4]],
    [
      "combined",
      () => ({ status: ["dead", "failed"], destinationId: [(filterOrg as Record<string, string>).b!], minAttempts: 2 }),
      [2, 3],
    ],
  ];

  for (const [name, filter, expected] of cases) {
    it(`filters: ${name}`, async () => {
      const page = await listDeliveries(filterOrg.id, filter(), { limit: 100 });
      expect(page.rows.map((r) => r.id).sort()).toEqual(expected.map((i) => ids[i]).sort());
      expect(await countDeliveries(filterOrg.id, filter())).toEqual({ count: expected.length, estimated: false });
    });
  }

  it("returns rows with destination name, event type and timestamps", async () => {
    const page = await listDeliveries(filterOrg.id, { status: ["dead"] }, { sort: { by: "created_at", order: "asc" } });
    expect(page.rows[0]).toMatchObject<Partial<DeliveryListRow>>({
      id: ids[2],
      destinationName: "B",
      eventType: "user.login",
      status: "dead",
      attempts: 5,
      responseStatus: 404,
      errorMessage: "HTTP 404 Not Found",
    });
    expect(page.rows[0]!.createdAt.toISOString()).toBe("2026-05-03T10:00:00.000Z");
    expect(page.rows[0]!.lastAttemptAt?.toISOString()).toBe("2026-05-04T10:00:00.000Z");
  });

  it("estimates the count when an exact one would pass the limit (100,000 by default)", async () => {
    const org = await createOrg(db.pool);
    const dest = (await createDestination(db.pool, org, { url: "http://127.0.0.1:9/many" })).id;
    await db.pool.query(
      `WITH logs AS (INSERT INTO activity_logs (org_id, event_type) SELECT $1, 'bulk' FROM generate_series(1, 3000) RETURNING id)
       INSERT INTO webhook_deliveries (destination_id, log_id, status) SELECT $2, id, 'delivered' FROM logs`,
      [org, dest],
    );
    await db.pool.query("ANALYZE webhook_deliveries");
    const result = await countDeliveries(org, {}, { exactLimit: 1000 });
    expect(result.estimated).toBe(true);
    // Never below what was already counted; the planner's figure otherwise.
    expect(result.count).toBeGreaterThan(1000);
    expect(await countDeliveries(org, {}, { exactLimit: 5000 })).toEqual({ count: 3000, estimated: false });
    expect(await countDeliveries(org, {})).toEqual({ count: 3000, estimated: false });
    expect(await countDeliveries(org, { status: ["dead"] }, { exactLimit: 1000 })).toEqual({
      count: 0,
      estimated: false,
    });
  });
});

describe("getDeliveryDetail", () => {
  it("returns the delivery, its log, destination and every attempt, with secret headers redacted", async () => {
    const [id] = await seed(orgId, [
      { dest: destA, status: "failed", attempts: 2, error: "HTTP 500", responseStatus: 500 },
    ]);
    for (const n of [1, 2]) {
      await db.pool.query(
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, started_at, duration_ms, request_url, request_headers,
          response_status, response_headers, response_body, error, outcome)
         VALUES ($1, $2, now() - make_interval(mins => 10 - $2), 42, 'http://127.0.0.1:9/a', $3, 500, '{"content-type":"text/plain"}',
           'boom', 'HTTP 500', 'http_error')`,
        [
          id,
          n,
          JSON.stringify({ "content-type": "application/json", authorization: "Bearer leaked", "webhook-id": id }),
        ],
      );
    }
    const detail = await getDeliveryDetail(orgId, id!);
    expect(detail.delivery).toMatchObject({ id, status: "failed", attempts: 2, errorMessage: "HTTP 500" });
    expect(detail.log).toMatchObject({ eventType: "user.login", payload: { ord: 1 } });
    expect(detail.destination).toEqual({
      id: destA,
      name: "Alpha",
      url: "http://127.0.0.1:9/a",
      authType: "none",
      enabled: true,
      retryMax: 3,
    });
    expect(detail.attempts.map((a) => a.attemptNumber)).toEqual([1, 2]);
    expect(detail.attempts[0]!.requestHeaders.authorization).toBe("[redacted]");
    expect(detail.attempts[0]).toMatchObject({
      durationMs: 42,
      responseStatus: 500,
      responseBody: "boom",
      outcome: "http_error",
    });
    expect(JSON.stringify(detail)).not.toContain("signing");
  });

  it("treats another org's delivery and a malformed id as not found", async () => {
    const [foreign] = await seed(otherOrgId, [{ dest: foreignDest }]);
    await expect(getDeliveryDetail(orgId, foreign!)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDeliveryDetail(orgId, "x")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("retryDeliveries and cancelDeliveries", () => {
  it("re-queues failed and dead deliveries by id, leaves others, and marks their dead letters retried", async () => {
    const [failed, dead, delivered, pending] = await seed(orgId, [
      { status: "failed", attempts: 2, nextRetryAt: "2030-01-01 00:00:00", error: "HTTP 500" },
      { status: "dead", attempts: 3, error: "HTTP 500" },
      { status: "delivered", attempts: 1 },
      { status: "pending", attempts: 0, nextRetryAt: "2030-01-01 00:00:00" },
    ]);
    const [foreign] = await seed(otherOrgId, [{ dest: foreignDest, status: "dead", attempts: 3 }]);
    await db.pool.query(
      `INSERT INTO failed_webhooks (webhook_payload_json, error_message, attempt_count) VALUES ($1, 'HTTP 500', 254)`,
      [JSON.stringify({ delivery_id: dead, org_id: orgId })],
    );
    const result = await retryDeliveries(
      orgId,
      { ids: [failed!, dead!, delivered!, pending!, foreign!, "bogus"] },
      actor,
    );
    expect(result).toEqual({ count: 2 });
    const { rows } = await db.pool.query(
      "SELECT id, status, attempts, next_retry_at FROM webhook_deliveries WHERE id = ANY ($1::uuid[])",
      [[failed, dead, delivered, pending, foreign]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(failed)).toMatchObject({ status: "pending", attempts: 0, next_retry_at: null });
    expect(byId.get(dead)).toMatchObject({ status: "pending", attempts: 0, next_retry_at: null });
    expect(byId.get(delivered)).toMatchObject({ status: "delivered", attempts: 1 });
    expect(byId.get(pending)!.next_retry_at).toBeInstanceOf(Date);
    expect(byId.get(foreign)).toMatchObject({ status: "dead", attempts: 3 });
    const letter = (
      await db.pool.query(
        "SELECT status, attempt_count, last_attempt_at FROM failed_webhooks WHERE webhook_payload_json->>'delivery_id' = $1",
        [dead],
      )
    ).rows[0];
    expect(letter).toMatchObject({ status: "retried", attempt_count: 255 });
    expect(letter.last_attempt_at).toBeInstanceOf(Date);
    const audit = (
      await db.pool.query(
        "SELECT action, details FROM audit_logs WHERE action = 'deliveries.retried' ORDER BY id DESC LIMIT 1",
      )
    ).rows[0];
    expect(audit.details).toMatchObject({ count: 2, selected: 6 });
  });

  it("retries everything matching a filter in batches of 1,000, reporting progress", async () => {
    const org = await createOrg(db.pool);
    const dest = (await createDestination(db.pool, org, { url: "http://127.0.0.1:9/bulk" })).id;
    await seed(
      org,
      Array.from({ length: 2300 }, (_, i) => ({
        dest,
        status: i < 2100 ? "dead" : "delivered",
        attempts: 3,
        error: i % 2 ? "HTTP 500" : "timeout",
      })),
    );
    const progress: number[] = [];
    const result = await retryDeliveries(org, { filter: { status: ["dead"], q: "HTTP 500" } }, actor, (n) =>
      progress.push(n),
    );
    expect(result).toEqual({ count: 1050 });
    expect(progress.at(-1)).toBe(1050);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(await countDeliveries(org, { status: ["pending"] })).toEqual({ count: 1050, estimated: false });
    expect(await countDeliveries(org, { status: ["dead"] })).toEqual({ count: 1050, estimated: false });
    // Nothing left to retry under the filter once its rows are pending.
    expect(await retryDeliveries(org, { filter: { q: "HTTP 500" } }, actor)).toEqual({ count: 0 });
  });

  it("cancels pending and failed deliveries into dead letters, reopening an existing one", async () => {
    const [pending, failed, delivered] = await seed(orgId, [
      { status: "pending", eventType: "doc.created" },
      { status: "failed", attempts: 2, error: "HTTP 502", lastAttemptAt: "2026-06-01 00:00:00" },
      { status: "delivered", attempts: 1 },
    ]);
    await db.pool.query(
      "INSERT INTO failed_webhooks (webhook_payload_json, status, attempt_count) VALUES ($1, 'retried', 1)",
      [JSON.stringify({ delivery_id: failed, org_id: orgId })],
    );
    const result = await cancelDeliveries(
      orgId,
      { ids: [pending!, failed!, delivered!] },
      { userId: null, label: "ops@example.test" },
    );
    expect(result).toEqual({ count: 2 });
    const { rows } = await db.pool.query(
      "SELECT id, status, next_retry_at, error_message FROM webhook_deliveries WHERE id = ANY ($1::uuid[])",
      [[pending, failed, delivered]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(pending)).toMatchObject({ status: "dead", error_message: "Cancelled by ops@example.test" });
    expect(byId.get(failed)).toMatchObject({ status: "dead", error_message: "HTTP 502" });
    expect(byId.get(delivered)!.status).toBe("delivered");
    const letters = await db.pool.query(
      "SELECT webhook_payload_json AS p, status, error_message, attempt_count FROM failed_webhooks WHERE " +
        "webhook_payload_json->>'delivery_id' = ANY ($1::text[]) ORDER BY id",
      [[pending, failed]],
    );
    expect(letters.rows).toHaveLength(2);
    const reopened = letters.rows.find((r) => r.p.delivery_id === failed)!;
    expect(reopened).toMatchObject({
      status: "pending",
      attempt_count: 1,
      error_message: "Cancelled by ops@example.test (last error: HTTP 502)",
    });
    const created = letters.rows.find((r) => r.p.delivery_id === pending)!;
    expect(created.status).toBe("pending");
    expect(created.p).toMatchObject({
      delivery_id: pending,
      destination_id: destA,
      destination_name: "Alpha",
      org_id: orgId,
      event_type: "doc.created",
      url: "http://127.0.0.1:9/a",
      attempts: 0,
    });
    expect(created.p.body).toMatchObject({ id: pending, type: "doc.created", data: { payload: { ord: 1 } } });
    expect(Object.keys(created.p).sort()).toEqual([
      "attempts",
      "body",
      "delivery_id",
      "destination_id",
      "destination_name",
      "event_type",
      "log_id",
      "org_id",
      "url",
    ]);
  });

  it("cancels by filter and never touches another org", async () => {
    const org = await createOrg(db.pool);
    const dest = (await createDestination(db.pool, org, { url: "http://127.0.0.1:9/c" })).id;
    await seed(
      org,
      Array.from({ length: 30 }, (_, i) => ({
        dest,
        status: i < 20 ? "pending" : "failed",
        createdAt: i < 10 ? "2026-01-01 00:00:00" : "2026-02-01 00:00:00",
      })),
    );
    const [foreign] = await seed(otherOrgId, [{ dest: foreignDest, status: "pending" }]);
    expect(await cancelDeliveries(org, { filter: { createdFrom: new Date("2026-01-15T00:00:00Z") } }, actor)).toEqual({
      count: 20,
    });
    expect(await countDeliveries(org, { status: ["dead"] })).toEqual({ count: 20, estimated: false });
    expect(await cancelDeliveries(orgId, { ids: [foreign!] }, actor)).toEqual({ count: 0 });
    expect((await db.pool.query("SELECT status FROM webhook_deliveries WHERE id = $1", [foreign])).rows[0].status).toBe(
      "pending",
    );
  });
});

describe("exportDeliveries", () => {
  it("streams CSV with a header and NDJSON, page by page", async () => {
    const org = await createOrg(db.pool);
    const dest = (await createDestination(db.pool, org, { name: "Exp", url: "http://127.0.0.1:9/e" })).id;
    await seed(
      org,
      Array.from({ length: 1203 }, (_, i) => ({
        dest,
        status: "failed",
        error: i === 0 ? 'quote " comma , newline\nend' : "HTTP 500",
      })),
    );
    let csv = "";
    for await (const chunk of exportDeliveries(org, {}, "csv")) csv += chunk;
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "id,created_at,status,destination_id,destination_name,event_type,log_id,attempts," +
        "response_status,error_message,last_attempt_at,next_retry_at,delivered_at",
    );
    expect(lines).toHaveLength(1 + 1203 + 1); // one message spans two lines inside quotes
    expect(csv).toContain('"quote "" comma , newline\nend"');
    let ndjson = "";
    for await (const chunk of exportDeliveries(org, { status: ["failed"] }, "ndjson")) ndjson += chunk;
    const records = ndjson
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(1203);
    expect(new Set(records.map((r) => r.id)).size).toBe(1203);
    expect(records[0]).toMatchObject({ destination_name: "Exp", status: "failed" });
    let empty = "";
    for await (const chunk of exportDeliveries(org, { status: ["dead"] }, "csv")) empty += chunk;
    expect(empty.trim().split("\n")).toHaveLength(1);
  });
});
