import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POST as ingest } from "../../app/api/v1/events/route";
import { jsonTextShapeProblem } from "../../lib/api/read-json-body";
import { findJsonProblem, MAX_JSON_NODES } from "../../lib/ingest/json-limits";
import { useFreshDatabase } from "../helpers/db";
import { createApiKey, createOrg } from "../helpers/fixtures";

// Validating hostile JSON must take bounded memory: the old walk gave every value a copy of its
// whole path (~560 MB of heap per MiB of arrays nested 62 deep), so a few concurrent requests
// from any API key — or a viewer's filter preview — could take the process down.

const nested = (depth: number, values: number) =>
  `${"[".repeat(depth)}${Array(values).fill("0").join(",")}${"]".repeat(depth)}`;

describe("JSON validation in bounded memory", () => {
  it("walks 8 worst-case documents (62 deep, ~100,000 values each) inside a 96 MB heap", () => {
    const child = spawnSync(
      process.execPath,
      ["--max-old-space-size=96", "--import", "tsx", path.join(import.meta.dirname, "fixtures", "json-walk-heap.ts")],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(child.status, child.stderr.slice(-2000)).toBe(0);
    const { problems } = JSON.parse(child.stdout.trim().split("\n").pop()!) as { problems: unknown[] };
    expect(problems).toEqual(Array(8).fill(null));
  });

  it("stops at the value cap, reports the path of a problem, and bounds the text length before stringifying", () => {
    expect(findJsonProblem(JSON.parse(nested(3, MAX_JSON_NODES + 10)))).toEqual({ kind: "too_large", path: [] });
    expect(findJsonProblem({ a: [1, { b: "ok" }, { c: "\u0000" }] })).toEqual({
      kind: "bad_text",
      path: ["a", 2, "c"],
    });
    expect(findJsonProblem({ a: JSON.parse(nested(70, 1)) })).toMatchObject({ kind: "too_deep" });
    expect(findJsonProblem({ a: "x".repeat(5_000) }, 64, { maxChars: 1_000 })).toEqual({ kind: "too_large", path: [] });
    expect(findJsonProblem({ a: [1, "two", null, true, { b: [] }] }, 64, { maxChars: 1_000 })).toBeNull();
  });

  it("refuses too deep or too large bodies from their text, before JSON.parse builds them", () => {
    expect(jsonTextShapeProblem(`{"events":[{"payload":${nested(62, 10)}}]}`)).toBeNull();
    expect(jsonTextShapeProblem(nested(80, 1))).toMatch(/deeper than/);
    expect(jsonTextShapeProblem(nested(2, 250_000))).toMatch(/at most/);
    // Brackets and commas inside strings are text, not structure.
    expect(jsonTextShapeProblem(JSON.stringify({ s: "[".repeat(500) + ",".repeat(300_000) }))).toBeNull();
  });

  it("ingest answers 400 to a 512 KiB body of nested arrays and stores nothing", async () => {
    const t = await useFreshDatabase();
    const orgId = await createOrg(t.pool);
    const key = await createApiKey(t.pool, orgId, ["ingest"]);
    const body = `{"event_type":"x","payload":{"a":${nested(62, 262_000)}}}`;
    const response = await ingest(
      new Request("http://127.0.0.1/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(400);
    expect((await t.pool.query("SELECT count(*)::int AS n FROM activity_logs")).rows[0].n).toBe(0);
  });
});
