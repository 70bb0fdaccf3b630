import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "../../app/api/metrics/route";
import { ok, respondWith } from "../../test-support/receiver";
import { seedDeliveries, useDispatchTestbed } from "../dispatcher/support";
import { createDestination } from "../helpers/fixtures";
import { CRON_ONCE, runTs } from "../security/support";

// /api/metrics reports the sends of every dispatcher, not only of the process it runs in: the
// dispatch here runs in a child process (the cron handler, as another app instance or a
// worker would), then this process answers the scrape from the database.

const bed = useDispatchTestbed({
  responder: (request, response) =>
    request.url.includes("fail") ? respondWith(500, "nope")(request, response) : ok(request, response),
});
const dataDir = mkdtempSync(path.join(os.tmpdir(), "hookline-metrics-test-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function scrape(): Promise<string> {
  process.env.METRICS_TOKEN = "metrics-test-token";
  const response = await metricsRoute(
    new Request("http://127.0.0.1/api/metrics", { headers: { authorization: "Bearer metrics-test-token" } }),
  );
  expect(response.status).toBe(200);
  return response.text();
}

/** `name{labels} value` lines of one metric, as { "outcome=…,le=…": value }. */
function samples(text: string, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const match = new RegExp(`^${name}(?:\\{(.*)\\})? (\\S+)$`).exec(line);
    if (match) out[(match[1] ?? "").replaceAll('"', "")] = Number(match[2]);
  }
  return out;
}

describe("send metrics across dispatchers", () => {
  it("attempts recorded by a dispatcher in another process show up in the latency histogram and the attempt counts", async () => {
    const good = await createDestination(bed.pool, bed.orgId, { url: `${bed.receiver.url}?ok`, retryMax: 5 });
    const bad = await createDestination(bed.pool, bed.orgId, {
      url: `${bed.receiver.url}?fail`,
      retryMax: 5,
      retryBackoffMs: 60_000,
    });
    await seedDeliveries(bed.pool, bed.orgId, good.id, 3);
    await seedDeliveries(bed.pool, bed.orgId, bad.id, 2);

    const run = await runTs(CRON_ONCE, ["req-metrics"], {
      DATABASE_URL: bed.db.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/RESULT 200 .*"delivered":3,"failed":2/);

    const text = await scrape();
    expect(samples(text, "hookline_send_duration_recent_seconds_count")).toMatchObject({
      "outcome=delivered": 3,
      "outcome=http_error": 2,
      "outcome=timeout": 0,
    });
    expect(samples(text, "hookline_send_duration_recent_window_seconds")).toEqual({ "": 300 });
    expect(samples(text, "hookline_delivery_attempts")).toMatchObject({
      "outcome=delivered": 3,
      "outcome=http_error": 2,
    });
    // Cumulative buckets: never decreasing, +Inf equal to the count.
    const buckets = samples(text, "hookline_send_duration_recent_seconds_bucket");
    for (const [outcome, count] of [
      ["delivered", 3],
      ["http_error", 2],
    ] as const) {
      const series = Object.entries(buckets)
        .filter(([labels]) => labels.startsWith(`outcome=${outcome},`))
        .map(([, value]) => value);
      expect(series).toHaveLength(13);
      expect(series.at(-1)).toBe(count);
      for (let i = 1; i < series.length; i++) expect(series[i]).toBeGreaterThanOrEqual(series[i - 1]!);
    }
    expect(buckets["outcome=delivered,le=+Inf"]).toBe(3);
    const { rows } = await bed.pool.query<{ s: number }>(
      "SELECT sum(duration_ms)::float8 / 1000 AS s FROM webhook_delivery_attempts WHERE outcome = 'delivered'",
    );
    expect(samples(text, "hookline_send_duration_recent_seconds_sum")["outcome=delivered"]).toBeCloseTo(rows[0]!.s, 6);
    // This process sent nothing: its own (process-local) histogram saw none of it.
    expect(samples(text, "hookline_process_send_duration_seconds_count")).toEqual({});
  });

  it("attempts older than the window drop out of the histogram but stay in the stored-attempt counts", async () => {
    await bed.pool.query(
      `UPDATE webhook_delivery_attempts SET started_at = started_at - interval '10 minutes' WHERE outcome = 'http_error'`,
    );
    await bed.pool.query(
      `UPDATE webhook_deliveries SET last_attempt_at = last_attempt_at - interval '10 minutes' WHERE status = 'failed'`,
    );
    const text = await scrape();
    expect(samples(text, "hookline_send_duration_recent_seconds_count")).toMatchObject({
      "outcome=delivered": 3,
      "outcome=http_error": 0,
    });
    expect(samples(text, "hookline_delivery_attempts")).toMatchObject({
      "outcome=delivered": 3,
      "outcome=http_error": 2,
    });
  });
});
