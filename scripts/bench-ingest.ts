// npm run bench:ingest [-- --seconds 10 --concurrency 8 --batch 100 --fanout 5 --in-process]
//
// Ingest throughput through POST /api/v1/events, single events and batches:
//  - target: a running app at BENCH_URL (default http://127.0.0.1:3000, e.g. `npm start`;
//    DISPATCH_IN_PROCESS=false keeps the dispatcher from competing for the CPU), with
//    BENCH_API_KEY or SEED_API_KEY as the ingest key and BENCH_MANAGE_API_KEY or
//    SEED_MANAGE_API_KEY as the key that creates and deletes the destinations (scope manage);
//  - or `--in-process`: no app needed — a scratch database (embedded PostgreSQL in a temp dir,
//    or a throwaway database on DATABASE_URL) and the route handlers themselves served by
//    node:http in a child process. No Next.js router in the path, so it measures lib/ingest
//    and PostgreSQL;
//  - 5 destinations (created through the management API) pointing at a receiver this script
//    runs on 127.0.0.1, --fanout of them (default all 5) subscribed to the bench's event type,
//    so each event creates that many deliveries; deleted again at the end;
//  - a phase of single events and a phase of batches, each for --seconds with --concurrency
//    requests in flight; prints events/s, deliveries/s created and request latency.
//  - in-process on Linux it also prints the CPU time PostgreSQL and the server spent per
//    event, and what that makes on 2 idle cores: on a shared, busy machine the wall-clock
//    rate says more about the neighbours than about ingest.
//  - `--tracing`: the in-process server exports its spans to an OTLP sink on 127.0.0.1 and keeps
//    the ingest trace contexts, as the app does with tracing on (TRACE_INGEST_LINKS=false: without them).
// Target: batches ≥ 5,000 events/s.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { Agent, request } from "undici";
import { postmasterPid, treeCpuSeconds } from "./bench/cpu";
import { scratchDatabase, type ScratchDatabase } from "./bench/scratch-database";

const args = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
const SECONDS = option("seconds", 10);
const CONCURRENCY = option("concurrency", 8);
const BATCH = Math.min(option("batch", 100), 500);
const FANOUT = Math.min(option("fanout", 5), 5);
const log = (line: string) => console.log(line);

// ---- the in-process server (child process): route handlers behind node:http ----------------
async function serve(): Promise<void> {
  // --tracing: the server exports spans (and stores the ingest trace contexts) like the app would.
  const { startTracing } = await import("../lib/telemetry/start-tracing");
  await startTracing("hookline-bench");
  const events = await import("../app/api/v1/events/route");
  const destinations = await import("../app/api/v1/destinations/route");
  const destination = await import("../app/api/v1/destinations/[id]/route");
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const webRequest = new Request(url, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "DELETE" ? undefined : body,
      });
      const id = /^\/api\/v1\/destinations\/([^/]+)$/.exec(url.pathname)?.[1];
      let response: Response;
      if (url.pathname === "/api/v1/events" && req.method === "POST")
        response = await events.POST(webRequest, { params: Promise.resolve({}) });
      else if (url.pathname === "/api/v1/destinations" && req.method === "POST")
        response = await destinations.POST(webRequest, { params: Promise.resolve({}) });
      else if (id && req.method === "DELETE")
        response = await destination.DELETE(webRequest, { params: Promise.resolve({ id }) });
      else response = new Response("not found", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

async function startServerProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve"], {
    stdio: ["ignore", "pipe", "inherit"],
    env,
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split("\n")[0];
      if (buffer.includes("\n") && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, port };
}

// ---- the raw-SQL reference ------------------------------------------------------------------
/**
 * What PostgreSQL itself allows for this fan-out: per batch, one `unnest` insert of the logs and
 * one `INSERT … SELECT` of their deliveries, into copies of activity_logs and webhook_deliveries
 * that carry only the seed's constraints and indexes, with the same destinations, batch size and
 * concurrency as the product's phase. Deliveries created per second.
 */
/**
 * The reference: the seed's tables with only the seed's constraints (activity_logs' primary key
 * and its two references; webhook_deliveries' key, UNIQUE, references and three indexes).
 * Returns deliveries/s and, on Linux, the CPU PostgreSQL and this client spent per event.
 */
async function rawSqlReference(
  url: string,
  orgId: string,
  eventType: string,
  dataDir: string | undefined,
): Promise<{ rate: number; cpuPerEventUs: number | null }> {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY, options: "-c TimeZone=UTC" });
  try {
    await pool.query(`DROP TABLE IF EXISTS ref_deliveries, ref_logs;
      CREATE TABLE ref_logs (LIKE activity_logs INCLUDING DEFAULTS, PRIMARY KEY (id),
        FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE,
        FOREIGN KEY (employee_id) REFERENCES employees (id) ON DELETE SET NULL);
      CREATE TABLE ref_deliveries (LIKE webhook_deliveries INCLUDING DEFAULTS, PRIMARY KEY (id),
        UNIQUE (destination_id, log_id),
        FOREIGN KEY (destination_id) REFERENCES webhook_destinations (id) ON DELETE CASCADE,
        FOREIGN KEY (log_id) REFERENCES ref_logs (id) ON DELETE CASCADE);
      CREATE INDEX ref_deliveries_destination ON ref_deliveries (destination_id);
      CREATE INDEX ref_deliveries_log ON ref_deliveries (log_id);
      CREATE INDEX ref_deliveries_pending ON ref_deliveries (status, next_retry_at) WHERE status IN ('pending', 'failed');`);
    let deliveries = 0;
    const postmaster = postmasterPid(dataDir);
    const dbCpuBefore = postmaster ? treeCpuSeconds(postmaster) : null;
    const clientCpuBefore = process.cpuUsage();
    const deadline = Date.now() + SECONDS * 1000;
    const started = performance.now();
    let seq = 0;
    const worker = async () => {
      const client = await pool.connect();
      try {
        while (Date.now() < deadline) {
          const ids = Array.from({ length: BATCH }, () => crypto.randomUUID());
          const payloads = ids.map(() =>
            JSON.stringify({ seq: seq++, severity: "high", amount_cents: 1234, tags: ["bench"] }),
          );
          await client.query("BEGIN");
          await client.query(
            `INSERT INTO ref_logs (id, org_id, event_type, client_name, client_version, payload)
             SELECT id, $1, $2, 'bench', '1.0.0', payload FROM unnest($3::uuid[], $4::jsonb[]) AS e(id, payload)`,
            [orgId, eventType, ids, payloads],
          );
          const fanOut = await client.query(
            `INSERT INTO ref_deliveries (destination_id, log_id)
             SELECT w.id, l.id FROM ref_logs l
               JOIN webhook_destinations w ON w.org_id = $1 AND w.enabled
                AND (cardinality(w.event_types) = 0 OR l.event_type = ANY (w.event_types))
                AND (w.event_filter IS NULL OR l.payload @> w.event_filter)
              WHERE l.id = ANY ($2::uuid[])
             ON CONFLICT DO NOTHING`,
            [orgId, ids],
          );
          await client.query("COMMIT");
          deliveries += fanOut.rowCount ?? 0;
        }
      } finally {
        client.release();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const rate = deliveries / ((performance.now() - started) / 1000);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const dbCpu = postmaster && dbCpuBefore !== null ? treeCpuSeconds(postmaster) - dbCpuBefore : null;
    const events = deliveries / FANOUT;
    const cpuPerEventUs =
      dbCpu !== null && events > 0 ? ((dbCpu + (clientCpu.user + clientCpu.system) / 1e6) / events) * 1e6 : null;
    await pool.query("DROP TABLE ref_deliveries, ref_logs");
    return { rate, cpuPerEventUs };
  } finally {
    await pool.end();
  }
}

// ---- the client -----------------------------------------------------------------------------
function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
}

async function main(): Promise<void> {
  const inProcess = args.includes("--in-process");
  let baseUrl = (process.env.BENCH_URL || "http://127.0.0.1:3000").replace(/\/$/, "");
  let apiKey = process.env.BENCH_API_KEY || process.env.SEED_API_KEY || "";
  let manageKey = process.env.BENCH_MANAGE_API_KEY || process.env.SEED_MANAGE_API_KEY || "";
  let server: ChildProcess | null = null;
  let scratch: ScratchDatabase | null = null;
  let benchOrgId = "";
  let batchDeliveriesPerSecond = 0;
  let batchCpuPerEventUs: number | null = null;

  // A receiver for the destinations: answers 200 to whatever a dispatcher sends.
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end('{"ok":true}'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverPort = (receiver.address() as { port: number }).port;
  // --tracing: an OTLP/HTTP sink on 127.0.0.1 that takes the exported spans and drops them.
  const tracing = args.includes("--tracing");
  const collector = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("{}"));
  });
  if (tracing) await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  const otlpEnv = tracing
    ? { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as { port: number }).port}` }
    : {};

  try {
    if (inProcess) {
      scratch = await scratchDatabase("ingest");
      const { migrateDatabase } = await import("../lib/db/migrate");
      await migrateDatabase(scratch.url);
      const { generateApiKey, hashApiKey, apiKeyPrefix } = await import("../lib/crypto/tokens");
      apiKey = generateApiKey();
      manageKey = apiKey;
      const c = new pg.Client({ connectionString: scratch.url });
      await c.connect();
      const org = await c.query<{ id: string }>(
        "INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id",
      );
      await c.query(
        "INSERT INTO api_keys (org_id, name, prefix, key_hash, scopes) VALUES ($1, 'bench', $2, $3, '{ingest,manage}')",
        [org.rows[0]!.id, apiKeyPrefix(apiKey), hashApiKey(apiKey)],
      );
      benchOrgId = org.rows[0]!.id;
      await c.end();
      const started = await startServerProcess({
        ...process.env,
        DATABASE_URL: scratch.url,
        APP_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        ALLOW_PRIVATE_DESTINATIONS: "true",
        // The benchmark measures throughput, not the per-key limits.
        ...otlpEnv,
        INGEST_RATE_LIMIT: "100000000",
        MANAGE_RATE_LIMIT: "100000000",
        DB_POOL_SIZE: String(Math.max(CONCURRENCY, 10)),
        LOG_LEVEL: "warn",
      });
      server = started.child;
      baseUrl = `http://127.0.0.1:${started.port}`;
    } else if (!apiKey || !manageKey) {
      throw new Error(
        "Set BENCH_API_KEY (or SEED_API_KEY) and BENCH_MANAGE_API_KEY (or SEED_MANAGE_API_KEY) to API keys of the running app with the " +
          "ingest and the manage scope, or pass --in-process",
      );
    }
    log(
      `bench:ingest — ${inProcess ? "in-process route handlers on a scratch database" : baseUrl}${tracing ? " with tracing" : ""}, ` +
        `${SECONDS} s per phase, ${CONCURRENCY} requests in flight, batches of ${BATCH}, ${FANOUT} deliveries per event`,
    );

    const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
    const send = async (method: string, pathname: string, body?: unknown) => {
      // Events take the ingest key, the destinations the manage key (scopes).
      const key = pathname === "/api/v1/events" ? apiKey : manageKey;
      const res = await request(`${baseUrl}${pathname}`, {
        method: method as "POST",
        dispatcher: agent,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.body.text();
      return { status: res.statusCode, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
    };

    const eventType = `bench.${randomBytes(3).toString("hex")}`;
    const destinationIds: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const subscribed = i <= FANOUT ? eventType : `${eventType}.other`;
      const res = await send("POST", "/api/v1/destinations", {
        name: `bench ${eventType} #${i}`,
        url: `http://127.0.0.1:${receiverPort}/hook/${i}`,
        event_types: [subscribed],
      });
      if (res.status !== 201)
        throw new Error(
          `creating a destination failed: ${res.status} ${JSON.stringify(res.json)} (private destinations must be allowed for a ` +
            `127.0.0.1 receiver)`,
        );
      destinationIds.push((res.json!.destination as { id: string }).id);
    }

    try {
      for (const phase of [
        { name: "single events", size: 1 },
        { name: `batches of ${BATCH}`, size: BATCH },
      ]) {
        let events = 0;
        let deliveries = 0;
        let failures = 0;
        const statuses = new Map<number, number>();
        const latencies: number[] = [];
        const postmaster = postmasterPid(scratch?.dataDir);
        const cpu = () =>
          postmaster && server?.pid ? { db: treeCpuSeconds(postmaster), app: treeCpuSeconds(server.pid) } : null;
        const cpuBefore = cpu();
        const deadline = Date.now() + SECONDS * 1000;
        const started = performance.now();
        let seq = 0;
        const worker = async () => {
          while (Date.now() < deadline) {
            const make = () => ({
              event_type: eventType,
              payload: { seq: seq++, severity: "high", amount_cents: 1234, tags: ["bench"] },
              client_name: "bench",
              client_version: "1.0.0",
            });
            const body = phase.size === 1 ? make() : { events: Array.from({ length: phase.size }, make) };
            const t0 = performance.now();
            const res = await send("POST", "/api/v1/events", body).catch(() => ({ status: 0, json: null }));
            latencies.push(performance.now() - t0);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status !== 202) {
              failures++;
              continue;
            }
            const stored = (res.json!.events as { deliveries: number }[]) ?? [];
            events += stored.length;
            for (const e of stored) deliveries += e.deliveries;
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        const elapsed = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        log(
          `  ${phase.name.padEnd(16)} ${(events / elapsed).toFixed(0).padStart(7)} events/s  ` +
            `${(deliveries / elapsed).toFixed(0).padStart(7)} deliveries/s` +
            `   ${latencies.length} requests, p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ` +
            `${percentile(latencies, 95).toFixed(1)} ms` +
            (failures ? `, ${failures} not 202: ${JSON.stringify(Object.fromEntries(statuses))}` : ""),
        );
        const cpuAfter = cpu();
        if (cpuBefore && cpuAfter && events > 0) {
          const db = cpuAfter.db - cpuBefore.db;
          const app = cpuAfter.app - cpuBefore.app;
          const perEvent = ((db + app) / events) * 1e6;
          log(
            `  ${"".padEnd(16)} CPU: PostgreSQL ${db.toFixed(1)} s + server ${app.toFixed(1)} s = ${perEvent.toFixed(0)} µs per event → ` +
              `${(2e6 / perEvent).toFixed(0)} events/s on 2 idle cores (load now ${os.loadavg()[0]!.toFixed(1)})`,
          );
        }
        if (phase.size > 1) {
          batchDeliveriesPerSecond = deliveries / elapsed;
          if (cpuBefore && cpuAfter && events > 0)
            batchCpuPerEventUs = ((cpuAfter.db - cpuBefore.db + cpuAfter.app - cpuBefore.app) / events) * 1e6;
        }
      }
      if (scratch && batchDeliveriesPerSecond > 0) {
        const reference = await rawSqlReference(scratch.url, benchOrgId, eventType, scratch.dataDir);
        log(
          `  raw-SQL reference ${(reference.rate / FANOUT).toFixed(0).padStart(6)} events/s  ${reference.rate.toFixed(0).padStart(7)} ` +
            `deliveries/s` +
            "   (unnest insert of the logs + INSERT … SELECT fan-out, seed constraints and indexes only, same fan-out)",
        );
        if (reference.cpuPerEventUs !== null)
          log(
            `  ${"".padEnd(16)} CPU: ${reference.cpuPerEventUs.toFixed(0)} µs per event (PostgreSQL + this client) → ` +
              `${(2e6 / reference.cpuPerEventUs).toFixed(0)} events/s on 2 idle cores`,
          );
        const ratio = batchDeliveriesPerSecond / reference.rate;
        log(
          `  ratio POST /api/v1/events (batches of ${BATCH}) / reference: ${ratio.toFixed(2)} (target ≥ 0.7) ${ratio >= 0.7 ? "✓" : "✗"}`,
        );
        // On a busy machine the wall-clock ratio moves with the neighbours; CPU per event does not.
        if (reference.cpuPerEventUs !== null && batchCpuPerEventUs !== null)
          log(
            `  ratio by CPU per event (reference ÷ batches): ${(reference.cpuPerEventUs / batchCpuPerEventUs).toFixed(2)}`,
          );
        log(
          `  load average ${os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(" ")}`,
        );
      }
    } finally {
      for (const id of destinationIds) await send("DELETE", `/api/v1/destinations/${id}`).catch(() => {});
      await agent.close();
    }
  } finally {
    receiver.close();
    collector.close();
    if (server) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server!.once("exit", resolve));
    }
    await scratch?.drop();
  }
}

// Last, so every module-level constant above is initialised before either mode runs.
if (args.includes("--serve")) await serve();
else await main();
