import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../app/api/v1/events/route";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createDestination, createOrg } from "../helpers/fixtures";
import {
  countOf,
  deepArrayText,
  deepObjectText,
  fuzzParameters,
  fuzzTimeoutMs,
  jsonKey,
  nastyJson,
  nastyString,
  snapshotTables,
  type StringOptions,
} from "./fuzz-support";

// Property-based fuzzing of POST /api/v1/events through its route handler against a real
// database. For any body: the answer is 2xx or 4xx, never 5xx; a 4xx stored nothing; a 2xx
// stored exactly the events it answered, each with the fan-out count it claims.

const TABLES = { activity_logs: "count", webhook_deliveries: "count", webhook_destinations: "checksum" } as const;
const MATCH_TYPE = "fuzz.match";

let t: TestDatabase;
let apiKey: string;
let orgId: string;
let employeeId: string;
let foreignEmployeeId: string;

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  const otherOrg = await createOrg(t.pool);
  apiKey = await createApiKey(t.pool, orgId);
  // Fan-out the property recomputes: every event, one event type, one payload filter; a
  // disabled destination and another org's get nothing.
  await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/all" });
  await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/typed", eventTypes: [MATCH_TYPE] });
  await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/gold", eventFilter: { tier: "gold" } });
  await createDestination(t.pool, orgId, { url: "http://127.0.0.1:9/off", enabled: false });
  await createDestination(t.pool, otherOrg, { url: "http://127.0.0.1:9/other" });
  employeeId = (
    await t.pool.query<{ id: string }>("INSERT INTO employees (org_id, name) VALUES ($1, 'Ann') RETURNING id", [orgId])
  ).rows[0]!.id;
  foreignEmployeeId = (
    await t.pool.query<{ id: string }>("INSERT INTO employees (org_id, name) VALUES ($1, 'Bob') RETURNING id", [
      otherOrg,
    ])
  ).rows[0]!.id;
});

function expectedFanOut(event: Record<string, unknown>): number {
  const payload = event.payload as Record<string, unknown>;
  return 1 + (String(event.event_type).trim() === MATCH_TYPE ? 1 : 0) + (payload.tier === "gold" ? 1 : 0);
}

// ---- generators ----

const textWithin = (max: number, options: StringOptions) =>
  fc
    .oneof(nastyString(options, Math.min(max, 40)), fc.constantFrom("x".repeat(max), `${"é".repeat(max - 1)}!`))
    .filter((s) => s.length <= max);

/** Events the schema accepts (by construction), with awkward but storable values (no NUL, no lone surrogate). */
function validEvent(given: StringOptions): fc.Arbitrary<Record<string, unknown>> {
  const options = { ...given, nul: false, loneSurrogates: false };
  const payload = fc.oneof(
    fc.dictionary(jsonKey(options), nastyJson(options, 3), { maxKeys: 6 }),
    fc.record({ tier: fc.constantFrom("gold", "silver", "GOLD"), amount: fc.integer() }),
  );
  return fc.record(
    {
      event_type: fc
        .oneof(fc.constantFrom(MATCH_TYPE, ` ${MATCH_TYPE} `, "user.login"), textWithin(100, options))
        .filter((s) => s.trim().length > 0),
      payload,
      employee_id: fc.constantFrom(employeeId, employeeId.toUpperCase(), null),
      session_id: fc.oneof(fc.uuid(), fc.constant(null)),
      client_name: fc.oneof(textWithin(100, options), fc.constant(null)),
      client_version: fc.oneof(textWithin(50, options), fc.constant(null)),
      event_category: fc.oneof(textWithin(50, options), fc.constant(null)),
      content: fc.oneof(nastyString(options, 200), fc.constant(null)),
    },
    { requiredKeys: ["event_type", "payload"] },
  );
}

const anyValue = (options: StringOptions) =>
  fc.oneof(
    nastyJson(options, 3),
    fc.constantFrom(-1, 0, 1e21, -1e-7, true, null, [], {}, "x".repeat(101), "x".repeat(5000), Number.MAX_VALUE),
    fc.uuid(),
  );

/** Events with any field of any type: wrong types, unknown employees, extra fields. */
function anyEvent(options: StringOptions): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.record(
        {
          event_type: anyValue(options),
          payload: fc.oneof(anyValue(options), fc.array(anyValue(options), { maxLength: 3 })),
          employee_id: fc.oneof(fc.constantFrom(employeeId, foreignEmployeeId), fc.uuid(), anyValue(options)),
          session_id: fc.oneof(fc.uuid(), anyValue(options), fc.constant("00000000-0000-0000-0000-00000000000g")),
          client_name: anyValue(options),
          client_version: anyValue(options),
          event_category: anyValue(options),
          content: anyValue(options),
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(nastyString(options, 10), anyValue(options), { maxKeys: 2 }),
    )
    .map(([event, extra]) => ({ ...extra, ...event }));
}

interface Case {
  label: string;
  body: string;
}

const json = (label: string, value: unknown): Case => ({ label, body: JSON.stringify(value) });

/** The events as the client meant them, when the body parses as one event or a batch. */
function intendedEvents(body: string): Record<string, unknown>[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  if (!("events" in value)) return [value as Record<string, unknown>];
  const events = (value as { events: unknown }).events;
  return Array.isArray(events) ? (events as Record<string, unknown>[]) : undefined;
}

function bodies(options: StringOptions): fc.Arbitrary<Case> {
  const numberLiteral = fc.constantFrom(
    "1e400",
    "-1e400",
    "1e-400",
    "123456789012345678901234567890",
    "-0",
    "0.1e-999999",
    "1E+2",
  );
  return fc.oneof(
    { weight: 4, arbitrary: validEvent(options).map((e) => json("one valid event", e)) },
    {
      weight: 4,
      arbitrary: fc
        .array(validEvent(options), { minLength: 1, maxLength: 20 })
        .map((events) => json("valid batch", { events })),
    },
    { weight: 3, arbitrary: anyEvent(options).map((e) => json("one event of any shape", e)) },
    {
      weight: 3,
      arbitrary: fc
        .array(fc.oneof(validEvent(options), anyEvent(options)), { maxLength: 30 })
        .map((events) => json("mixed batch", { events })),
    },
    // Up to the limit of 500 events, and past it.
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 490, max: 500 }), validEvent(options))
        .map(([n, e]) => json(`${n} events`, { events: Array.from({ length: n }, () => e) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 501, max: 600 }), validEvent(options))
        .map(([n, e]) => json(`${n} events`, { events: Array.from({ length: n }, () => e) })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 60, max: 10_000 }), fc.boolean()).map(([depth, arrays]) => ({
        label: `payload nested ${depth} deep`,
        body: `{"event_type":"deep","payload":{"x":${arrays ? deepArrayText(depth) : deepObjectText(depth)}}}`,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1, max: 10_000 })
        .map((depth) => ({ label: `body nested ${depth} deep`, body: deepArrayText(depth) })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1_000_000, max: 1_100_000 }).map((n) => ({
        label: `content of ${n} bytes`,
        body: JSON.stringify({ event_type: "huge", payload: {}, content: "y".repeat(n) }),
      })),
    },
    {
      weight: 1,
      arbitrary: numberLiteral.map((n) => ({
        label: `number ${n}`,
        body: `{"event_type":"num","payload":{"v":${n}}}`,
      })),
    },
    {
      weight: 1,
      arbitrary: numberLiteral.map((n) => ({
        label: `number ${n} as employee`,
        body: `{"event_type":"num","payload":{},"employee_id":${n}}`,
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.string(),
          fc.json(),
          fc.constantFrom("", " ", "{", '{"events":', "[1,2", "nul", "\ufeff{}", '{"a":1}}', "{'a':1}"),
        )
        .map((body) => ({ label: "text", body })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(validEvent(options), fc.nat(), nastyString(options, 5)).map(([e, cut, junk]) => {
        const text = JSON.stringify(e);
        const at = cut % (text.length + 1);
        return { label: "valid event, cut and spliced", body: text.slice(0, at) + junk + text.slice(at + 1) };
      }),
    },
    {
      weight: 1,
      arbitrary: anyValue(options).map((v) => ({ label: "top-level non-object", body: JSON.stringify([v]) })),
    },
  );
}

// ---- the property ----

async function post(body: string): Promise<Response> {
  return POST(
    new Request("http://127.0.0.1/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body,
    }),
    { params: Promise.resolve({}) },
  );
}

const nullable = (value: unknown) => (value === undefined ? null : value);

async function checkCase(c: Case): Promise<number> {
  const before = await snapshotTables(t.pool, TABLES);
  const response = await post(c.body);
  const text = await response.text();
  expect(response.status, `${c.label}: ${text.slice(0, 300)}`).toBeLessThan(500);
  const after = await snapshotTables(t.pool, TABLES);
  if (response.status >= 400) {
    expect(after, `${c.label}: a ${response.status} stored something`).toEqual(before);
    return response.status;
  }
  expect(response.status).toBe(202);
  const answered = (JSON.parse(text) as { events: { id: string; deliveries: number }[] }).events;
  // What the server received: a raw text body is sent as UTF-8, where a surrogate half (a
  // splice through an emoji) has already become U+FFFD.
  const sent = intendedEvents(Buffer.from(c.body, "utf8").toString("utf8"));
  expect(sent, `${c.label}: accepted a body that is not an event or a batch`).toBeDefined();
  expect(answered).toHaveLength(sent!.length);
  expect(countOf(after.activity_logs!) - countOf(before.activity_logs!)).toBe(sent!.length);
  expect(countOf(after.webhook_deliveries!) - countOf(before.webhook_deliveries!)).toBe(
    answered.reduce((sum, e) => sum + e.deliveries, 0),
  );
  expect(after.webhook_destinations).toBe(before.webhook_destinations);

  const { rows } = await t.pool.query<Record<string, unknown> & { id: string; fanout: number }>(
    `SELECT a.*, (SELECT count(*)::int FROM webhook_deliveries d WHERE d.log_id = a.id) AS fanout FROM activity_logs a WHERE ` +
      `a.id = ANY($1::uuid[])`,
    [answered.map((e) => e.id)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  answered.forEach((answer, index) => {
    const event = sent![index]!;
    const row = byId.get(answer.id);
    expect(row, `${c.label}: event ${index} answered but not stored`).toBeDefined();
    expect(row).toMatchObject({
      org_id: orgId,
      event_type: String(event.event_type).trim(),
      employee_id: event.employee_id ? String(event.employee_id).toLowerCase() : null,
      session_id: event.session_id ? String(event.session_id).toLowerCase() : null,
      client_name: nullable(event.client_name),
      client_version: nullable(event.client_version),
      event_category: nullable(event.event_category),
      content: nullable(event.content),
    });
    expect(row!.payload).toEqual(JSON.parse(JSON.stringify(event.payload)));
    expect(answer.deliveries).toBe(row!.fanout);
    expect(answer.deliveries).toBe(expectedFanOut(event));
  });
  return response.status;
}

describe("fuzzing POST /api/v1/events", () => {
  it(
    "answers 2xx or 4xx only; a 4xx stores nothing, a 2xx stores exactly what it answered",
    { timeout: fuzzTimeoutMs(200) },
    async () => {
      const started = performance.now();
      const seen = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(bodies({ nul: true, loneSurrogates: true }), async (c) => {
          const status = await checkCase(c);
          const key = `${c.label.replace(/\d+/g, "N")} → ${status}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }),
        fuzzParameters(200),
      );
      const { rows } = await t.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM activity_logs");
      const table = [...seen]
        .sort()
        .map(([k, n]) => `  ${k}: ${n}`)
        .join("\n");
      console.log(
        `[fuzz ingest] ${fuzzParameters(200).numRuns} cases in ${Math.round(performance.now() - started)} ms, ${rows[0]!.n} ` +
          `events stored\n${table}`,
      );
      // The generators must reach both sides of the property, or it proves little.
      expect([...seen.keys()].some((k) => k.endsWith("202"))).toBe(true);
      expect([...seen.keys()].some((k) => / 4\d\d$/.test(k))).toBe(true);
    },
  );

  it("refuses the fixed nasty cases with a 4xx", async () => {
    for (const body of [
      deepObjectText(10_000),
      `{"event_type":"d","payload":${deepObjectText(10_000)}}`,
      `{"events":[${Array.from({ length: 501 }, () => '{"event_type":"a","payload":{}}').join(",")}]}`,
    ]) {
      const before = await snapshotTables(t.pool, TABLES);
      const response = await post(body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await snapshotTables(t.pool, TABLES)).toEqual(before);
    }
  });

  // Was a bug: zod's z.record copied the payload key by key onto a plain object, where
  // "__proto__" sets the prototype, so {"__proto__":{"x":1}} was stored as {}; and 1e400
  // (Infinity after JSON.parse) was stored as null. The payload is now validated in place.
  it("stores a payload exactly as sent (__proto__ keys kept); a number beyond the double range is a 400 at its path", async () => {
    for (const payloadText of ['{"__proto__":{"x":1}}', '{"a":{"__proto__":[1,{"__proto__":null}]},"tier":"gold"}']) {
      const response = await post(`{"event_type":"fidelity","payload":${payloadText}}`);
      expect(response.status, payloadText).toBe(202);
      const { events } = (await response.json()) as { events: { id: string; deliveries: number }[] };
      const { rows } = await t.pool.query<{ payload: string }>(
        "SELECT payload::text FROM activity_logs WHERE id = $1",
        [events[0]!.id],
      );
      expect(JSON.parse(rows[0]!.payload)).toEqual(JSON.parse(payloadText));
      expect(Object.keys(JSON.parse(rows[0]!.payload))).toEqual(Object.keys(JSON.parse(payloadText)));
      // Fan-out sees the stored payload: the gold filter matches the second one.
      expect(events[0]!.deliveries).toBe(payloadText.includes("gold") ? 2 : 1);
    }
    for (const [payloadText, path] of [
      ['{"v":1e400}', "payload.v"],
      ['{"a":[0,-1e999]}', "payload.a.1"],
    ] as const) {
      const before = await snapshotTables(t.pool, TABLES);
      const response = await post(
        `{"events":[{"event_type":"ok","payload":{}},{"event_type":"fidelity","payload":${payloadText}}]}`,
      );
      expect(response.status, payloadText).toBe(400);
      const body = (await response.json()) as { field_errors: Record<string, string[]> };
      expect(Object.keys(body.field_errors)).toEqual([`events.1.${path}`]);
      expect(await snapshotTables(t.pool, TABLES)).toEqual(before);
    }
  });
});
