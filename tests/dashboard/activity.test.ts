import { beforeAll, describe, expect, it } from "vitest";
import {
  loadActivitySearchParams,
  parseActivitySearchParams,
  serializeActivitySearchParams,
} from "../../lib/activity/activity-search-params";
import { getActivityFacets } from "../../lib/activity/get-activity-facets";
import { getActivityLog } from "../../lib/activity/get-activity-log";
import { countActivityLogs, listActivityLogs } from "../../lib/activity/list-activity-logs";
import { NotFoundError } from "../../lib/errors";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";

let db: TestDatabase;
let orgId: string;
let otherOrgId: string;
let employeeId: string;
let otherLogId: string;
const logIds: string[] = [];

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  otherOrgId = await createOrg(db.pool);
  employeeId = (
    await db.pool.query("INSERT INTO employees (org_id, name) VALUES ($1, 'Maya Chen') RETURNING id", [orgId])
  ).rows[0].id;
  // 30 logs a minute apart (index 0 newest); every third is invoice.paid from the ios client by Maya.
  for (let i = 0; i < 30; i++) {
    const paid = i % 3 === 0;
    const { rows } = await db.pool.query(
      `INSERT INTO activity_logs (org_id, employee_id, client_name, client_version, event_type, event_category, content, payload,
        created_at)
       VALUES ($1, $2, $3, '1.0', $4, $5, $6, '{}', now() - make_interval(mins => $7)) RETURNING id`,
      [
        orgId,
        paid ? employeeId : null,
        paid ? "ios" : "web-app",
        paid ? "invoice.paid" : "user.login",
        paid ? "billing" : "auth",
        `event number ${i}${i === 7 ? " 100%_done" : ""}`,
        i,
      ],
    );
    logIds.push(rows[0].id);
  }
  otherLogId = (
    await db.pool.query(
      "INSERT INTO activity_logs (org_id, event_type, payload) VALUES ($1, 'user.login', '{}') RETURNING id",
      [otherOrgId],
    )
  ).rows[0].id;
  const dest = await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/x", name: "Receiver" });
  await db.pool.query("INSERT INTO webhook_deliveries (destination_id, log_id, status) VALUES ($1, $2, 'dead')", [
    dest.id,
    logIds[0],
  ]);
});

describe("listActivityLogs", () => {
  it("pages newest first with cursors, forward and back, without gaps or repeats", async () => {
    const seen: string[] = [];
    let page = await listActivityLogs(orgId, {}, { limit: 7 });
    expect(page.prevCursor).toBeNull();
    seen.push(...page.rows.map((r) => r.id));
    const pages = [page];
    while (page.nextCursor) {
      page = await listActivityLogs(orgId, {}, { limit: 7, cursor: page.nextCursor });
      seen.push(...page.rows.map((r) => r.id));
      pages.push(page);
    }
    expect(seen).toEqual(logIds);
    expect(pages).toHaveLength(5);
    const back = await listActivityLogs(orgId, {}, { limit: 7, cursor: pages[3]!.prevCursor, direction: "prev" });
    expect(back.rows.map((r) => r.id)).toEqual(pages[2]!.rows.map((r) => r.id));
  });

  it("filters by event type, category, employee, client, date and content, and counts the same", async () => {
    const paid = await listActivityLogs(orgId, {
      eventType: ["invoice.paid"],
      category: ["billing"],
      employeeId: [employeeId],
      client: ["ios"],
    });
    expect(paid.rows).toHaveLength(10);
    expect(paid.rows.every((r) => r.eventType === "invoice.paid" && r.employeeName === "Maya Chen")).toBe(true);
    expect(await countActivityLogs(orgId, { eventType: ["invoice.paid"] })).toEqual({ count: 10, estimated: false });
    const recent = await listActivityLogs(orgId, { from: new Date(Date.now() - 4.5 * 60_000) });
    expect(recent.rows.map((r) => r.id)).toEqual(logIds.slice(0, 5));
    // LIKE wildcards in the search text are literal.
    const literal = await listActivityLogs(orgId, { q: "100%_d" });
    expect(literal.rows.map((r) => r.id)).toEqual([logIds[7]]);
  });

  it("summarises each event's deliveries and never shows another org's events", async () => {
    const page = await listActivityLogs(orgId, {}, { limit: 100 });
    expect(page.rows[0]!.deliveries).toEqual({ pending: 0, delivered: 0, failed: 0, dead: 1 });
    expect(page.rows.some((r) => r.id === otherLogId)).toBe(false);
  });
});

describe("getActivityLog", () => {
  it("returns the event with its fan-out", async () => {
    const log = await getActivityLog(orgId, logIds[0]!);
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({ destinationName: "Receiver", status: "dead" });
    expect(log.employee?.name).toBe("Maya Chen");
  });

  it("answers not found for another org's event and for a malformed id", async () => {
    await expect(getActivityLog(orgId, otherLogId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getActivityLog(orgId, "not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("getActivityFacets", () => {
  it("offers the org's event types, categories, clients and employees", async () => {
    const facets = await getActivityFacets(orgId);
    expect(facets.eventTypes).toEqual(["invoice.paid", "user.login"]);
    expect(facets.categories).toEqual(["auth", "billing"]);
    expect(facets.clients).toEqual(["ios", "web-app"]);
    expect(facets.employees.map((e) => e.name)).toEqual(["Maya Chen"]);
  });
});

describe("parseActivitySearchParams", () => {
  it("drops bad values instead of failing", () => {
    const state = parseActivitySearchParams({
      eventType: "a,b,a",
      employeeId: "nope",
      from: "yesterday",
      to: "2026-01-02",
      perPage: "7",
      dir: "prev",
      cursor: "abc",
    });
    expect(state.filter).toEqual({ eventType: ["a", "b"], to: new Date("2026-01-03T00:00:00.000Z") });
    expect(state.perPage).toBe(50);
    expect(state.direction).toBe("prev");
  });

  it("has one canonical query per state, so the page can tell a stale render from a current one", () => {
    const a = loadActivitySearchParams(new URLSearchParams("client=ios&eventType=b,a&perPage=50&from=2026-01-01"));
    const b = loadActivitySearchParams({ eventType: ["b", "a"], client: "ios", from: "2026-01-01T00:00:00.000Z" });
    expect(serializeActivitySearchParams(a)).toBe(serializeActivitySearchParams(b));
    expect(loadActivitySearchParams(serializeActivitySearchParams(a))).toEqual(a);
  });
});
