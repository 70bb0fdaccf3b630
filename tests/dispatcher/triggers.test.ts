import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { GET as cronGet, POST as cronPost } from "../../app/api/cron/dispatch/route";
import { POST as receiverPost } from "../../app/api/dev/receiver/route";
import { NotFoundError } from "../../lib/errors";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { sendTestEvent } from "../../lib/dispatcher/send-test-event";
import { dispatchConfig } from "../../lib/dispatcher/dispatch-config";
import { startDispatchTicker } from "../../lib/dispatcher/ticker";
import { createDestination, createOrg } from "../helpers/fixtures";
import { ok, respondWith, slow } from "../../test-support/receiver";
import { attemptRows, deliveryRow, seedDeliveries, useDispatchTestbed } from "./support";

const bed = useDispatchTestbed();

async function settle(): Promise<void> {
  await bed.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE status IN ('pending', 'failed')");
}

const cronRequest = (authorization?: string, method = "GET") =>
  new Request("http://127.0.0.1/api/cron/dispatch", { method, headers: authorization ? { authorization } : {} });

describe("GET|POST /api/cron/dispatch", () => {
  it("answers 401 without the secret or with a wrong one, and dispatches nothing", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url });
    const [id] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    for (const auth of [
      undefined,
      "Bearer wrong-secret",
      `Bearer ${process.env.CRON_SECRET}x`,
      process.env.CRON_SECRET,
      `Basic ${process.env.CRON_SECRET}`,
    ]) {
      const response = await cronGet(cronRequest(auth));
      expect(response.status, String(auth)).toBe(401);
      expect(await response.json()).toMatchObject({ error: "unauthorized" });
    }
    expect((await cronPost(cronRequest(undefined, "POST"))).status).toBe(401);
    expect((await deliveryRow(bed.pool, id!)).status).toBe("pending");
    await settle();
  });

  it("refuses everyone when CRON_SECRET is not set", async () => {
    const saved = process.env.CRON_SECRET;
    delete process.env.CRON_SECRET;
    try {
      expect((await cronGet(cronRequest("Bearer "))).status).toBe(401);
      expect((await cronGet(cronRequest("Bearer undefined"))).status).toBe(401);
    } finally {
      process.env.CRON_SECRET = saved;
    }
  });

  it("with the secret runs the dispatcher and answers the counts; overlapping calls are safe", async () => {
    bed.receiver.requests.length = 0;
    bed.receiver.respond(slow(20));
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url });
    const failing = await createDestination(bed.pool, bed.orgId, { url: `${bed.receiver.url}?fail`, retryMax: 1 });
    await seedDeliveries(bed.pool, bed.orgId, destination.id, 30);
    await seedDeliveries(bed.pool, bed.orgId, failing.id, 2);
    bed.receiver.respond((request, response) =>
      request.url.includes("fail") ? respondWith(500)(request, response) : slow(20)(request, response),
    );
    const [a, b] = await Promise.all([
      cronGet(cronRequest(`Bearer ${process.env.CRON_SECRET}`)),
      cronPost(cronRequest(`Bearer ${process.env.CRON_SECRET}`, "POST")),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.headers.get("cache-control")).toBe("no-store");
    const [ca, cb] = (await Promise.all([a.json(), b.json()])) as Record<string, number>[];
    for (const c of [ca!, cb!])
      expect(Object.keys(c).sort()).toEqual(["claimed", "dead", "delivered", "durationMs", "failed"]);
    expect(ca!.claimed! + cb!.claimed!).toBe(32);
    expect(ca!.delivered! + cb!.delivered!).toBe(30);
    expect(ca!.dead! + cb!.dead!).toBe(2);
    const ids = bed.receiver.requests.map((r) => r.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(ids.length);
    await settle();
  });
});

/** The dev receiver's route handler behind a real HTTP server, so the dispatcher's own requests reach it. */
async function serveReceiverRoute(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const response = await receiverPost(
        new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/dev/receiver`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("/api/dev/receiver", () => {
  it("is not there unless DEMO_MODE=true", async () => {
    delete process.env.DEMO_MODE;
    const response = await receiverPost(
      new Request("http://127.0.0.1/api/dev/receiver?mode=ok", { method: "POST", body: "{}" }),
    );
    expect(response.status).toBe(404);
  });

  it("verifies the dispatcher's signatures (single and batch) and answers per mode", async () => {
    process.env.DEMO_MODE = "true";
    const route = await serveReceiverRoute();
    try {
      const okDest = await createDestination(bed.pool, bed.orgId, { url: `${route.url}?mode=ok&delay=5` });
      const batchDest = await createDestination(bed.pool, bed.orgId, { url: `${route.url}?mode=ok`, batchSize: 10 });
      const downDest = await createDestination(bed.pool, bed.orgId, {
        url: `${route.url}?mode=down`,
        retryMax: 5,
        retryBackoffMs: 60_000,
      });
      const [okId] = await seedDeliveries(bed.pool, bed.orgId, okDest.id, 1);
      const batchIds = await seedDeliveries(bed.pool, bed.orgId, batchDest.id, 4);
      const [downId] = await seedDeliveries(bed.pool, bed.orgId, downDest.id, 1);
      expect(await runDispatchCycle()).toMatchObject({ claimed: 6, delivered: 5, failed: 1 });
      expect(await deliveryRow(bed.pool, okId!)).toMatchObject({ status: "delivered", response_status: 200 });
      expect(JSON.parse((await deliveryRow(bed.pool, okId!)).response_body!)).toEqual({ ok: true, verified: true });
      expect(JSON.parse((await deliveryRow(bed.pool, batchIds[0]!)).response_body!)).toEqual({
        ok: true,
        verified: true,
      });
      expect(await deliveryRow(bed.pool, downId!)).toMatchObject({ status: "failed", response_status: 503 });
      expect(JSON.parse((await deliveryRow(bed.pool, downId!)).response_body!)).toMatchObject({
        ok: false,
        verified: true,
      });

      // Flaky fails some of the time, and its 429s carry Retry-After.
      const statuses = new Set<number>();
      for (let i = 0; i < 40; i++) {
        const flaky = await createDestination(bed.pool, bed.orgId, {
          url: `${route.url}?mode=flaky`,
          retryMax: 5,
          retryBackoffMs: 60_000,
        });
        const [id] = await seedDeliveries(bed.pool, bed.orgId, flaky.id, 1);
        await runDispatchCycle();
        statuses.add((await deliveryRow(bed.pool, id!)).response_status!);
      }
      expect(statuses.has(200)).toBe(true);
      expect([500, 503, 429].some((s) => statuses.has(s))).toBe(true);
    } finally {
      await route.close();
      await settle();
    }
  });

  it("answers 401 to a bad signature", async () => {
    process.env.DEMO_MODE = "true";
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url });
    const [id] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    const body = JSON.stringify({ id, type: "user.login", timestamp: new Date().toISOString(), data: {} });
    const headers = {
      "content-type": "application/json",
      "webhook-id": id!,
      "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
      "webhook-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    };
    const response = await receiverPost(
      new Request("http://127.0.0.1/api/dev/receiver?mode=ok", { method: "POST", headers, body }),
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, verified: false });
    const unknown = await receiverPost(
      new Request("http://127.0.0.1/api/dev/receiver?mode=ok", { method: "POST", headers, body: "not json" }),
    );
    expect(unknown.status).toBe(401);
    await settle();
  });
});

describe("sendTestEvent", () => {
  it("sends a signed hookline.test event now and returns the receiver's answer", async () => {
    bed.receiver.respond(ok);
    const before = bed.receiver.requests.length;
    const destination = await createDestination(bed.pool, bed.orgId, {
      url: bed.receiver.url,
      authType: "bearer",
      authConfig: { token: "test-token" },
    });
    const result = await sendTestEvent(bed.orgId, destination.id);
    expect(result).toMatchObject({ ok: true, status: 200, responseBody: '{"ok":true}', error: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const request = bed.receiver.requests[before]!;
    expect(request.headers.authorization).toBe("Bearer test-token");
    expect(request.headers["webhook-id"]).toBe(result.deliveryId);
    expect(JSON.parse(request.body)).toMatchObject({ id: result.deliveryId, type: "hookline.test" });
    expect(await deliveryRow(bed.pool, result.deliveryId)).toMatchObject({ status: "delivered", attempts: 1 });
    expect(await attemptRows(bed.pool, result.deliveryId)).toHaveLength(1);
    // The dispatcher does not send it a second time.
    expect(await runDispatchCycle()).toMatchObject({ claimed: 0 });
  });

  it("reports a failing receiver and leaves the delivery to the retry schedule", async () => {
    bed.receiver.respond(respondWith(500, "broken"));
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, retryBackoffMs: 60_000 });
    const result = await sendTestEvent(bed.orgId, destination.id);
    expect(result).toMatchObject({
      ok: false,
      status: 500,
      responseBody: "broken",
      error: "HTTP 500 Internal Server Error",
    });
    expect(await deliveryRow(bed.pool, result.deliveryId)).toMatchObject({ status: "failed", attempts: 1 });
    await settle();
  });

  it("another organisation's destination, or no destination, is not found", async () => {
    const otherOrg = await createOrg(bed.pool);
    const destination = await createDestination(bed.pool, otherOrg, { url: bed.receiver.url });
    await expect(sendTestEvent(bed.orgId, destination.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(sendTestEvent(bed.orgId, "not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
    await expect(sendTestEvent(bed.orgId, "00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const { rows } = await bed.pool.query("SELECT count(*)::int AS n FROM activity_logs WHERE org_id = $1", [otherOrg]);
    expect(rows[0].n).toBe(0);
  });
});

describe("startDispatchTicker", () => {
  it("polls, when idle, every WORKER_INTERVAL_MS (default 250 ms): the wait a new event may have before an idle dispatcher looks", () => {
    const saved = process.env.WORKER_INTERVAL_MS;
    try {
      delete process.env.WORKER_INTERVAL_MS;
      expect(dispatchConfig().idleIntervalMs).toBe(250);
      process.env.WORKER_INTERVAL_MS = "40";
      expect(dispatchConfig().idleIntervalMs).toBe(40);
      process.env.WORKER_INTERVAL_MS = "0";
      expect(dispatchConfig().idleIntervalMs).toBe(250);
    } finally {
      if (saved === undefined) delete process.env.WORKER_INTERVAL_MS;
      else process.env.WORKER_INTERVAL_MS = saved;
    }
  });

  it("without an interval of its own (WORKER_INTERVAL_MS), an idle ticker keeps looking and picks up each new event", async () => {
    bed.receiver.respond(ok);
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url });
    process.env.WORKER_INTERVAL_MS = "30";
    const ticker = startDispatchTicker({ log: () => {}, summaryEveryMs: 0 });
    try {
      for (let round = 0; round < 3; round++) {
        const seen = bed.receiver.requests.length;
        await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
        await bed.receiver.waitForRequests(seen + 1, 5_000);
      }
    } finally {
      delete process.env.WORKER_INTERVAL_MS;
      await ticker.stop();
      await settle();
    }
  });

  it("delivers by itself, and a stop lets in-flight requests finish and hands back the rest", async () => {
    bed.receiver.respond(ok);
    const lines: string[] = [];
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url });
    const ids = await seedDeliveries(bed.pool, bed.orgId, destination.id, 5);
    const ticker = startDispatchTicker({ log: (l) => lines.push(l), intervalMs: 50, summaryEveryMs: 0 });
    try {
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        const { rows } = await bed.pool.query(
          "SELECT count(*)::int AS n FROM webhook_deliveries WHERE id = ANY($1) AND status = 'delivered'",
          [ids],
        );
        if (rows[0].n === 5) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // New work is picked up on a later tick.
      const more = await seedDeliveries(bed.pool, bed.orgId, destination.id, 3);
      await bed.receiver.waitForRequests(bed.receiver.requests.length + 3, 5_000);
      bed.receiver.respond(slow(400));
      process.env.DISPATCH_DESTINATION_CONCURRENCY = "2";
      const slowOnes = await seedDeliveries(bed.pool, bed.orgId, destination.id, 6);
      const seen = bed.receiver.requests.length;
      await bed.receiver.waitForRequests(seen + 2, 5_000);
      await ticker.stop();
      const { rows } = await bed.pool.query<{ status: string; due: boolean }>(
        "SELECT status, (next_retry_at IS NULL OR next_retry_at <= now()) AS due FROM webhook_deliveries WHERE id = ANY($1)",
        [slowOnes],
      );
      // The two in flight finished; the other four are due again at once, not after a lease.
      expect(rows.filter((r) => r.status === "delivered")).toHaveLength(2);
      expect(rows.filter((r) => r.status === "pending" && r.due)).toHaveLength(4);
      expect(more).toHaveLength(3);
      expect(lines.some((l) => l.startsWith("dispatched"))).toBe(true);
    } finally {
      delete process.env.DISPATCH_DESTINATION_CONCURRENCY;
      await ticker.stop();
      await settle();
    }
  });
});
