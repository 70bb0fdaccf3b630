// npm run bench:dispatch [-- --count 50000 --destinations 8 --max-seconds 300 --real-only]
//
// Throughput of the real dispatcher against two reference loops, on the same data, in one run:
//  - a scratch database: an embedded PostgreSQL cluster in a temp dir, or (DATABASE_URL set) a
//    throwaway database created on that server and dropped afterwards;
//  - N pending deliveries spread over a few destinations (batch_size 1: one POST per delivery);
//  - a receiver answering 200 at once, in a separate process on 127.0.0.1;
//  - the real dispatcher (claim, signing, auth, attempt rows, batched outcomes);
//  - the schema-free reference: the same rows copied into a scratch table that holds only what a
//    queue needs (primary key + the seed's partial pending index, no foreign keys, no other
//    index); claim 500 with SKIP LOCKED (the dispatcher's claim shape: index order, no sort), POST
//    each over keep-alive with 64 in flight, one batched UPDATE; no signing, no attempt rows. What
//    PostgreSQL and HTTP allow on this machine. Printed too: the same loop with the claim the
//    issue's reference was measured with (status IN (…) ORDER BY … NULLS FIRST, which sorts every
//    due row on each claim), for continuity with those figures;
//  - the full-schema bare loop: the same loop on webhook_deliveries itself, with its indexes and
//    foreign keys, at the dispatcher's own concurrency.
// Prints deliveries/s for each, and the real dispatcher's ratio to the schema-free reference
// (target ≥ 0.6). Stops by itself: each phase is cut off at --max-seconds.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { Agent, request } from "undici";
import { postmasterPid, treeCpuSeconds } from "./bench/cpu";
import { scratchDatabase } from "./bench/scratch-database";

const args = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** In flight in the schema-free reference, as the issue that set its target measured it. */
const SCHEMA_FREE_CONCURRENCY = 64;

// ---- receiver mode (the child process) ----------------------------------------------------
if (args.includes("--receiver")) {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
  });
  process.on("SIGTERM", () => {
    process.stderr.write(`receiver: ${received} requests\n`);
    process.exit(0);
  });
} else {
  await main();
}

async function startReceiverProcess(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--receiver"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split("\n")[0];
      if (buffer.includes("\n") && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`receiver exited with ${code}`)));
  });
  return { child, port };
}

async function seedDestinations(db: pg.Pool, receiverUrl: string, destinations: number): Promise<string> {
  const { encryptSecret } = await import("../lib/crypto/secret-box");
  const { generateSigningSecret } = await import("../lib/crypto/tokens");
  const org = await db.query<{ id: string }>(
    "INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id",
  );
  const orgId = org.rows[0]!.id;
  for (let i = 0; i < destinations; i++) {
    await db.query(
      `INSERT INTO webhook_destinations (org_id, name, url, auth_type, auth_config, signing_secret, timeout_ms, retry_max, retry_backoff_ms)
       VALUES ($1, $2, $3, 'bearer', $4, $5, 10000, 5, 1000)`,
      [
        orgId,
        `Bench ${i}`,
        `${receiverUrl}?d=${i}`,
        { token: encryptSecret(`bench-token-${i}`, "auth_config.token") },
        encryptSecret(generateSigningSecret(), "signing_secret"),
      ],
    );
  }
  return orgId;
}

/** `count` activity logs, one pending delivery each, spread round-robin over the destinations. */
async function seedDeliveries(db: pg.Pool, orgId: string, count: number, destinations: number): Promise<void> {
  await db.query("TRUNCATE webhook_delivery_attempts, webhook_deliveries, activity_logs");
  await db.query(
    `INSERT INTO activity_logs (org_id, event_type, event_category, client_name, content, payload)
     SELECT $1, 'bench.event', 'bench', 'bench', 'Bench event #' || g,
            jsonb_build_object('n', g, 'amount_cents', g * 7 % 10000, 'currency', 'EUR', 'tags', jsonb_build_array('bench'))
       FROM generate_series(1, $2::int) g`,
    [orgId, count],
  );
  await db.query(
    `INSERT INTO webhook_deliveries (destination_id, log_id)
     SELECT d.id, l.id
       FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS rn FROM activity_logs) l
       JOIN (SELECT id, row_number() OVER (ORDER BY name) - 1 AS k FROM webhook_destinations) d ON d.k = l.rn % $1`,
    [destinations],
  );
}

async function resetDeliveries(db: pg.Pool): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_retry_at = NULL, last_attempt_at = NULL,
            delivered_at = NULL, response_status = NULL, response_body = NULL, error_message = NULL`,
  );
  await db.query("TRUNCATE webhook_delivery_attempts");
  await db.query("VACUUM ANALYZE webhook_deliveries");
}

function countDelivered(db: pg.Pool): Promise<number> {
  return countDeliveredIn(db, "webhook_deliveries");
}

/** The real dispatcher, cycles back to back until nothing is due. */
async function runReal(maxMs: number): Promise<number> {
  const { runDispatchFor } = await import("../lib/dispatcher/run-dispatch-cycle");
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), maxMs);
  for (;;) {
    const counts = await runDispatchFor(maxMs, { signal: controller.signal });
    if (counts.claimed === 0 || controller.signal.aborted) break;
  }
  clearTimeout(timer);
  return (performance.now() - started) / 1000;
}

/**
 * A bare loop: claim 500 with SKIP LOCKED, POST each over keep-alive, one batched UPDATE, the
 * claim held as a row lock by the batch's transaction — as the dispatcher does.
 */
async function runBare(
  db: pg.Pool,
  table: "webhook_deliveries" | "bench_queue",
  concurrency: number,
  maxMs: number,
  claimShape: "ranges" | "sorted" = "ranges",
): Promise<number> {
  const agent = new Agent({ keepAliveTimeout: 60_000, connections: concurrency });
  const started = performance.now();
  const deadline = Date.now() + maxMs;
  // The same claim shape as the dispatcher's: two ordered ranges of the pending index, read only
  // as deep as the claim needs (a single status IN (…) ORDER BY … NULLS FIRST would sort every due row).
  const branch = (status: string, dueNow: string) =>
    `SELECT * FROM (SELECT d.id, d.destination_id, d.log_id FROM ${table} d
       WHERE d.status = '${status}' AND ${dueNow} ORDER BY d.next_retry_at LIMIT 500 FOR UPDATE SKIP LOCKED) ${status}`;
  const due =
    claimShape === "ranges"
      ? `SELECT * FROM (${branch("pending", "(d.next_retry_at IS NULL OR d.next_retry_at <= now())")}
                UNION ALL ${branch("failed", "d.next_retry_at <= now()")}) due LIMIT 500`
      : // The claim the reference was measured with (and the dispatcher's, then).
        `SELECT d.id, d.destination_id, d.log_id FROM ${table} d
          WHERE d.status IN ('pending', 'failed') AND (d.next_retry_at IS NULL OR d.next_retry_at <= now())
          ORDER BY d.next_retry_at NULLS FIRST LIMIT 500 FOR UPDATE SKIP LOCKED`;
  const claim = `WITH claimed AS (${due})`;
  const client = await db.connect();
  try {
    while (Date.now() < deadline) {
      await client.query("BEGIN");
      const { rows } = await client.query<{ id: string; url: string; body: string }>(
        `${claim}
         SELECT claimed.id, w.url, json_build_object('id', claimed.id, 'type', a.event_type, 'timestamp', a.created_at,
           'data', a.payload)::text AS body
           FROM claimed JOIN webhook_destinations w ON w.id = claimed.destination_id JOIN activity_logs a ON a.id = claimed.log_id`,
      );
      if (rows.length === 0) {
        await client.query("COMMIT");
        break;
      }
      const delivered: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < rows.length) {
            const row = rows[next++]!;
            const response = await request(row.url, {
              method: "POST",
              dispatcher: agent,
              headers: { "content-type": "application/json" },
              body: row.body,
            });
            await response.body.text();
            if (response.statusCode < 300) delivered.push(row.id);
          }
        }),
      );
      await client.query(
        `UPDATE ${table} SET status = 'delivered', delivered_at = now(), last_attempt_at = now(), attempts = attempts + 1, ` +
          `next_retry_at = NULL WHERE id = ANY($1::uuid[])`,
        [delivered],
      );
      await client.query("COMMIT");
    }
  } finally {
    client.release();
    await agent.close();
  }
  return (performance.now() - started) / 1000;
}

/** The schema-free queue: the same rows in a table with only a primary key and the seed's pending index. */
async function resetSchemaFreeQueue(db: pg.Pool): Promise<void> {
  await db.query("DROP TABLE IF EXISTS bench_queue");
  await db.query("CREATE TABLE bench_queue (LIKE webhook_deliveries INCLUDING DEFAULTS)");
  await db.query(
    `INSERT INTO bench_queue (id, destination_id, log_id, status, attempts, created_at)
     SELECT id, destination_id, log_id, 'pending', 0, created_at FROM webhook_deliveries`,
  );
  await db.query("ALTER TABLE bench_queue ADD PRIMARY KEY (id)");
  await db.query(
    "CREATE INDEX bench_queue_pending ON bench_queue (status, next_retry_at) WHERE status IN ('pending', 'failed')",
  );
  await db.query("VACUUM ANALYZE bench_queue");
}

async function countDeliveredIn(db: pg.Pool, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE status = 'delivered'`);
  return rows[0]!.n;
}

async function main(): Promise<void> {
  const count = option("count", 50_000);
  const destinations = option("destinations", 8);
  const maxMs = option("max-seconds", 300) * 1000;
  // --real-only: the real dispatcher alone (e.g. under --cpu-prof), no reference loops.
  const realOnly = args.includes("--real-only");
  process.env.APP_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  process.env.ALLOW_PRIVATE_DESTINATIONS = "true";
  const log = (line: string) => console.log(`[bench:dispatch] ${line}`);

  const { dispatchConfig } = await import("../lib/dispatcher/dispatch-config");
  const config = dispatchConfig();
  log(
    `${count} deliveries over ${destinations} destinations; concurrency ${config.concurrency} (${config.destinationConcurrency} per ` +
      `destination), ${config.lanes} lanes, claims of ${config.claimLimit}`,
  );
  const database = await scratchDatabase("dispatch");
  let receiver: ChildProcess | null = null;
  const { closeDb } = await import("../lib/db/client");
  const { closeHttpAgent } = await import("../lib/dispatcher/http-sender");
  const db = new pg.Pool({ connectionString: database.url, max: 4, options: "-c TimeZone=UTC" });
  db.on("error", () => {});
  try {
    const { migrateDatabase } = await import("../lib/db/migrate");
    await migrateDatabase(database.url);
    process.env.DATABASE_URL = database.url;
    const started = await startReceiverProcess();
    receiver = started.child;
    const receiverUrl = `http://127.0.0.1:${started.port}/hook`;
    log(`receiver (pid ${receiver.pid}) at ${receiverUrl}`);
    const orgId = await seedDestinations(db, receiverUrl, destinations);

    // Warm-up, not measured: both paths run once on a small set first, so neither pays for
    // JIT compilation, connection setup or cold caches in its measured run.
    const warm = Math.min(count, 2_000);
    await seedDeliveries(db, orgId, warm, destinations);
    await runReal(maxMs);
    if (realOnly) await resetDeliveries(db);
    else {
      await resetSchemaFreeQueue(db);
      await runBare(db, "bench_queue", SCHEMA_FREE_CONCURRENCY, maxMs);
      await resetDeliveries(db);
      await runBare(db, "webhook_deliveries", config.concurrency, maxMs);
    }
    log(`warmed up on ${warm} deliveries`);

    const seedStart = performance.now();
    await seedDeliveries(db, orgId, count, destinations);
    await db.query("VACUUM ANALYZE");
    log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const postmaster = postmasterPid(database.dataDir);
    // CPU per delivery (PostgreSQL, this dispatcher, the receiver): what the machine's cores
    // allow whatever else runs on it, e.g. for the soak's ingest + dispatch budget.
    const cpu = () => ({
      db: postmaster ? treeCpuSeconds(postmaster) : NaN,
      dispatcher: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
      receiver: treeCpuSeconds(receiver!.pid!),
    });
    const perDelivery = (before: ReturnType<typeof cpu>, after: ReturnType<typeof cpu>, n: number) => {
      const us = (k: keyof ReturnType<typeof cpu>) => ((after[k] - before[k]) * 1e6) / Math.max(n, 1);
      const total = us("db") + us("dispatcher") + us("receiver");
      return (
        `CPU per delivery: PostgreSQL ${us("db").toFixed(0)} µs + dispatcher ${us("dispatcher").toFixed(0)} µs + receiver ` +
        `${us("receiver").toFixed(0)} µs = ${total.toFixed(0)} µs → ${(2e6 / total).toFixed(0)} deliveries/s on 2 idle cores`
      );
    };
    const realCpu = cpu();
    const realSeconds = await runReal(maxMs);
    const realCpuAfter = cpu();
    const realDelivered = await countDelivered(db);
    const attempts = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_delivery_attempts"))
      .rows[0]!.n;
    const realRate = realDelivered / realSeconds;
    log(
      `real dispatcher: ${realDelivered} delivered in ${realSeconds.toFixed(2)} s → ${realRate.toFixed(0)} deliveries/s (${attempts} ` +
        `attempt rows)`,
    );
    log(`  ${perDelivery(realCpu, realCpuAfter, realDelivered)}`);
    if (realOnly) return;

    await resetSchemaFreeQueue(db);
    const freeCpu = cpu();
    const freeSeconds = await runBare(db, "bench_queue", SCHEMA_FREE_CONCURRENCY, maxMs);
    const freeCpuAfter = cpu();
    const freeDelivered = await countDeliveredIn(db, "bench_queue");
    const freeRate = freeDelivered / freeSeconds;
    log(
      `schema-free reference (primary key + pending index, ${SCHEMA_FREE_CONCURRENCY} in flight): ${freeDelivered} delivered in ` +
        `${freeSeconds.toFixed(2)} s → ${freeRate.toFixed(0)} deliveries/s`,
    );
    log(`  ${perDelivery(freeCpu, freeCpuAfter, freeDelivered)}`);

    // The same loop with the claim statement the reference used: every due row fetched
    // and sorted on each claim. Printed for continuity with the figures measured that way.
    await resetSchemaFreeQueue(db);
    const sortedSeconds = await runBare(db, "bench_queue", SCHEMA_FREE_CONCURRENCY, maxMs, "sorted");
    const sortedRate = (await countDeliveredIn(db, "bench_queue")) / sortedSeconds;
    log(
      `schema-free reference with a sorting claim (status IN (…) ORDER BY next_retry_at NULLS FIRST): ` +
        `${sortedRate.toFixed(0)} deliveries/s`,
    );
    await db.query("DROP TABLE bench_queue");

    await resetDeliveries(db);
    const bareCpu = cpu();
    const bareSeconds = await runBare(db, "webhook_deliveries", config.concurrency, maxMs);
    const bareCpuAfter = cpu();
    const bareDelivered = await countDelivered(db);
    const bareRate = bareDelivered / bareSeconds;
    log(
      `full-schema bare loop (webhook_deliveries with its indexes, ${config.concurrency} in flight): ${bareDelivered} delivered in ` +
        `${bareSeconds.toFixed(2)} s → ${bareRate.toFixed(0)} deliveries/s`,
    );
    log(`  ${perDelivery(bareCpu, bareCpuAfter, bareDelivered)}`);

    const ratio = realRate / freeRate;
    log(`ratio real / schema-free reference: ${ratio.toFixed(2)} (target ≥ 0.6) ${ratio >= 0.6 ? "✓" : "✗"}`);
    log(`ratio real / schema-free reference with the sorting claim: ${(realRate / sortedRate).toFixed(2)}`);
    log(`ratio real / full-schema bare loop: ${(realRate / bareRate).toFixed(2)}`);
    log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    if (realDelivered < count || bareDelivered < count || freeDelivered < count)
      log(`warning: not everything was delivered within ${maxMs / 1000} s per phase`);
  } finally {
    receiver?.kill("SIGTERM");
    await closeHttpAgent();
    await closeDb();
    await db.end();
    await database.drop();
  }
}
