import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDestination } from "../helpers/fixtures";
import { slow } from "../../test-support/receiver";
import { exited, spawnTs } from "./child-process";
import { seedDeliveries, useDispatchTestbed } from "./support";

const WORKER = path.resolve(import.meta.dirname, "../../scripts/worker.ts");
const bed = useDispatchTestbed();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "hookline-worker-test-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("npm run worker", () => {
  it("delivers, and on SIGTERM finishes in-flight requests, hands back the rest and exits 0", async () => {
    bed.receiver.respond(slow(800));
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, timeoutMs: 3000 });
    const ids = await seedDeliveries(bed.pool, bed.orgId, destination.id, 6);
    const worker = spawnTs(WORKER, [], {
      DATABASE_URL: bed.db.url,
      DATA_DIR: dataDir,
      DISPATCH_DESTINATION_CONCURRENCY: "2",
      DISPATCH_LEASE_MS: "60000",
    });
    await bed.receiver.waitForRequests(2, 15_000);
    const atKill = worker.output();
    worker.kill("SIGTERM");
    const { code } = await exited(worker);
    expect(code, `${atKill}\n---\n${worker.output()}`).toBe(0);
    expect(worker.output()).toContain("stopped");
    const { rows } = await bed.pool.query<{ status: string; due: boolean }>(
      "SELECT status, (next_retry_at IS NULL OR next_retry_at <= now()) AS due FROM webhook_deliveries WHERE id = ANY($1)",
      [ids],
    );
    expect(rows.filter((r) => r.status === "delivered")).toHaveLength(2);
    // Nothing stays parked under a 60 s lease.
    expect(rows.filter((r) => r.status === "pending" && r.due)).toHaveLength(4);
    expect(bed.receiver.requests).toHaveLength(2);
  });

  it("refuses to start on a dispatcher setting it cannot use, naming the variable, and claims nothing", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url });
    const ids = await seedDeliveries(bed.pool, bed.orgId, destination.id, 3);
    for (const [env, message] of [
      [{ DISPATCH_LANES: "two" }, 'DISPATCH_LANES must be a whole number of at least 1 (it is "two")'],
      [{ DISPATCH_CONCURRENCY: "0" }, "DISPATCH_CONCURRENCY must be a whole number of at least 1"],
      [{ DISPATCH_LANES: "4", DB_POOL_SIZE: "4" }, "DISPATCH_LANES (4) must be below DB_POOL_SIZE (4)"],
    ] as const) {
      const worker = spawnTs(WORKER, [], { DATABASE_URL: bed.db.url, DATA_DIR: dataDir, ...env });
      const { code } = await exited(worker);
      expect(code, worker.output()).toBe(1);
      expect(worker.output()).toContain(message);
    }
    const { rows } = await bed.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_deliveries WHERE id = ANY($1) AND status = 'pending' AND attempts = 0",
      [ids],
    );
    expect(rows[0]!.n).toBe(3);
    await bed.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE id = ANY($1)", [ids]);
  });
});
