import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { metrics } from "../../lib/ops/metrics";
import { exited, spawnTs } from "../dispatcher/child-process";
import { makeDue, seedDeliveries, useDispatchTestbed } from "../dispatcher/support";
import { createDestination } from "../helpers/fixtures";
import { respondWith, slow } from "../../test-support/receiver";
import { CRON_ONCE, parseJsonLines, runTs, WORKER } from "./support";

// The dispatcher's structured logs, read from real processes' stdout: a cron run (lines carry
// the request id) and the worker with LOG_FORMAT=json (stdout is JSON only).

const HEADER_SECRET = "hdr-secret-6f1c2a9e";
const URL_TOKEN = "url-token-93be17";
const PAYLOAD_MARKER = "payload-marker-c0ffee";
const RESPONSE_MARKER = "response-marker-b0d1e5";

const bed = useDispatchTestbed({ responder: respondWith(500, `{"error":"${RESPONSE_MARKER}"}`) });
const dataDir = mkdtempSync(path.join(os.tmpdir(), "hookline-logs-test-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const childEnv = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: bed.db.url,
  DATA_DIR: dataDir,
  LOG_LEVEL: "info",
  ...extra,
});

async function seedOne(url: string, retryMax: number): Promise<{ deliveryId: string; destinationId: string }> {
  const destination = await createDestination(bed.pool, bed.orgId, {
    url,
    retryMax,
    // Long enough that the retry never comes due within the same cron run (makeDue brings it forward).
    retryBackoffMs: 60_000,
    authType: "header",
    authConfig: { name: "x-api-token", value: HEADER_SECRET },
  });
  const { rows } = await bed.pool.query<{ id: string }>(
    "INSERT INTO activity_logs (org_id, event_type, payload) VALUES ($1, 'user.login', $2) RETURNING id",
    [bed.orgId, JSON.stringify({ note: PAYLOAD_MARKER })],
  );
  const d = await bed.pool.query<{ id: string }>(
    "INSERT INTO webhook_deliveries (destination_id, log_id) VALUES ($1, $2) RETURNING id",
    [destination.id, rows[0]!.id],
  );
  return { deliveryId: d.rows[0]!.id, destinationId: destination.id };
}

function expectNoSecrets(output: string): void {
  for (const secret of [HEADER_SECRET, URL_TOKEN, PAYLOAD_MARKER, RESPONSE_MARKER])
    expect(output, secret).not.toContain(secret);
}

describe("dispatcher logs", () => {
  it("every line of a cron run about a failing delivery carries its id, the request id, level and time — and no secret", async () => {
    const { deliveryId, destinationId } = await seedOne(`${bed.receiver.url}?token=${URL_TOKEN}`, 2);

    const first = await runTs(CRON_ONCE, ["req-first"], childEnv());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/RESULT 200 .*"failed":1/);
    await makeDue(bed.pool);
    const second = await runTs(CRON_ONCE, ["req-second"], childEnv());
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/RESULT 200 .*"dead":1/);

    for (const [run, requestId] of [
      [first, "req-first"],
      [second, "req-second"],
    ] as const) {
      const lines = parseJsonLines(run.stdout);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line.requestId, JSON.stringify(line)).toBe(requestId);
        expect(typeof line.level).toBe("number");
        expect(Number.isNaN(Date.parse(line.time))).toBe(false);
        expect(line.component).toBe("dispatcher");
        // Only the run's summaries are about no single delivery.
        if (!["cron dispatch run", "retention purged expired rows"].includes(line.msg))
          expect(line, JSON.stringify(line)).toMatchObject({ deliveryId, destinationId });
      }
      expectNoSecrets(run.stdout + run.stderr);
    }

    const firstLines = parseJsonLines(first.stdout);
    expect(firstLines).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: "delivery attempt failed; will retry",
        deliveryId,
        attempt: 1,
        responseStatus: 500,
        outcome: "http_error",
      }),
    );
    expect(firstLines).toContainEqual(
      expect.objectContaining({ level: 30, msg: "cron dispatch run", claimed: 1, failed: 1 }),
    );
    const secondLines = parseJsonLines(second.stdout);
    expect(secondLines).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: "delivery failed its last attempt; dead-lettered",
        deliveryId,
        attempt: 2,
        retryMax: 2,
      }),
    );
  });

  it("LOG_FORMAT=json: the worker prints only JSON: its lines, the ticker's summary, a 410 disabling with the delivery id", async () => {
    bed.receiver.respond(respondWith(410, RESPONSE_MARKER));
    const { deliveryId, destinationId } = await seedOne(bed.receiver.url, 5);
    const worker = spawnTs(WORKER, [], childEnv({ LOG_FORMAT: "json", WORKER_INTERVAL_MS: "100" }));
    try {
      await bed.receiver.waitForRequests(bed.receiver.requests.length + 1, 20_000);
      // The outcome is written right after the request; wait for it before stopping.
      for (let i = 0; i < 100; i++) {
        const { rows } = await bed.pool.query("SELECT 1 FROM webhook_delivery_attempts WHERE delivery_id = $1", [
          deliveryId,
        ]);
        if (rows.length) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      worker.kill("SIGTERM");
    }
    const { code } = await exited(worker);
    expect(code, worker.output()).toBe(0);

    // spawnTs interleaves stderr; the worker writes nothing there when all is well.
    const lines = parseJsonLines(worker.output());
    for (const line of lines) expect(line.process, JSON.stringify(line)).toBe("hookline-worker");
    const messages = lines.map((l) => l.msg);
    expect(messages).toContain("dispatching");
    expect(messages).toContain("stopped");
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "dispatched 1: 0 delivered, 1 failed, 0 dead", claimed: 1, failed: 1, level: 30 }),
    );
    const gone = lines.filter((l) => l.msg === "receiver answered 410 Gone; destination disabled");
    expect(gone).toEqual([expect.objectContaining({ deliveryId, destinationId, level: 40 })]);
    for (const line of lines.filter((l) => "deliveryId" in l)) expect(line.deliveryId).toBe(deliveryId);
    expectNoSecrets(worker.output());
    const { rows } = await bed.pool.query<{ enabled: boolean }>(
      "SELECT enabled FROM webhook_destinations WHERE id = $1",
      [destinationId],
    );
    expect(rows[0]!.enabled).toBe(false);
  });

  it("a cron run whose budget ends hands its claims back, one line per delivery with the request id", async () => {
    bed.receiver.respond(slow(700));
    const destination = await createDestination(bed.pool, bed.orgId, {
      url: bed.receiver.url,
      retryMax: 5,
      timeoutMs: 3000,
    });
    const ids = await seedDeliveries(bed.pool, bed.orgId, destination.id, 3);
    // One request at a time to the destination and a 100 ms budget: the first is sent, the
    // other two are still waiting for the slot when the budget is spent.
    const run = await runTs(
      CRON_ONCE,
      ["req-budget"],
      childEnv({ DISPATCH_BUDGET_MS: "100", DISPATCH_DESTINATION_CONCURRENCY: "1", DISPATCH_LANES: "1" }),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/RESULT 200 .*"claimed":3/);
    // Under load even the first may miss the budget; whatever was not sent is due again now,
    // and each such delivery has its line.
    const { rows } = await bed.pool.query<{ id: string }>(
      "SELECT id FROM webhook_deliveries WHERE id = ANY($1) AND status = 'pending' AND next_retry_at <= now()",
      [ids],
    );
    const unsent = rows.map((r) => r.id).sort();
    expect(unsent.length).toBeGreaterThanOrEqual(2);
    const released = parseJsonLines(run.stdout).filter((l) => l.msg === "claim handed back unsent");
    expect(released.map((l) => l.deliveryId).sort()).toEqual(unsent);
    for (const line of released)
      expect(line).toMatchObject({ requestId: "req-budget", destinationId: destination.id, level: 30 });
    // Out of the way of the next test's cycle.
    await bed.pool.query(
      "UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now() WHERE id = ANY($1)",
      [ids],
    );
  });

  it("every send is observed in the process's send-duration histogram under its outcome", async () => {
    bed.receiver.respond(respondWith(500));
    const histogram = metrics().registry.getSingleMetric("hookline_process_send_duration_seconds")!;
    const countOf = async (outcome: string) =>
      (await histogram.get()).values.find(
        (v) =>
          (v as { metricName?: string }).metricName === "hookline_process_send_duration_seconds_count" &&
          v.labels.outcome === outcome,
      )?.value ?? 0;
    const before = await countOf("http_error");
    const destination = await createDestination(bed.pool, bed.orgId, {
      url: bed.receiver.url,
      retryMax: 5,
      batchSize: 3,
    });
    await seedDeliveries(bed.pool, bed.orgId, destination.id, 3);
    // Three deliveries in one batch are one request, hence one observation.
    expect(await runDispatchCycle()).toMatchObject({ claimed: 3, failed: 3 });
    expect(await countOf("http_error")).toBe(before + 1);
  });
});
