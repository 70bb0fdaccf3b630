// npm run bench:soak — ingest at a steady rate through the real app with its dispatcher running,
// for a bounded time, then report throughput, backlog over time, end-to-end latency (event
// accepted → delivered, both by the database clock) and the app's memory at start and end.
// Everything runs on 127.0.0.1: a scratch database (embedded, or a new one on DATABASE_URL), the app via the
// launcher, and a receiver in its own process.
//
// The offered load means the same on every machine: first the app's own dispatcher is timed
// draining --calibration deliveries queued at once (against the same receiver), and the load is
// --load (default 50 %) of that dispatch rate, in events/s (each event fans out to every
// destination). After the main phase the rate steps up (--step-seconds each, from 60 % of the
// dispatch rate by 10 % steps) until a step ends with a backlog its dispatcher did not keep up
// with; the highest rate that still drained is printed. --rate N fixes the main phase's rate
// instead; --steps 0 skips the stepping.
// Options: --load 0.5 --rate <events/s> --duration 120 --destinations 5 --batch-size 1 --port 3400
// --drain 60 --warmup 15 --calibration 20000 --steps 8 --step-seconds 20
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { Agent, request } from "undici";
import { encryptSecret } from "../lib/crypto/secret-box";
import { apiKeyPrefix, generateApiKey, generateSigningSecret, hashApiKey } from "../lib/crypto/tokens";
import { migrateDatabase } from "../lib/db/migrate";
import { scratchDatabase } from "./bench/scratch-database";

const { values: args } = parseArgs({
  options: {
    rate: { type: "string" },
    load: { type: "string", default: "0.5" },
    calibration: { type: "string", default: "20000" },
    steps: { type: "string", default: "8" },
    "step-seconds": { type: "string", default: "20" },
    duration: { type: "string", default: "120" },
    destinations: { type: "string", default: "5" },
    "batch-size": { type: "string", default: "1" },
    port: { type: "string", default: "3400" },
    drain: { type: "string", default: "60" },
    warmup: { type: "string", default: "15" },
  },
});
const fixedRate = args.rate ? Number(args.rate) : null;
const loadShare = Number(args.load);
const calibrationCount = Number(args.calibration);
const maxSteps = Number(args.steps);
const stepSeconds = Number(args["step-seconds"]);
const durationS = Number(args.duration);
const destinationCount = Number(args.destinations);
const destinationBatch = Number(args["batch-size"]);
const port = Number(args.port);
const drainS = Number(args.drain);
// Memory growth is judged from the end of the warm-up (the first seconds under load): a Node
// process's heap grows from idle to its working set once, and a leak is growth after that.
// The idle figure is printed too.
const warmupS = Number(args.warmup);
const INGEST_BATCH = 100;

const children: ChildProcess[] = [];
const say = (line: string) => console.log(`[soak] ${line}`);

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = buffer.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.once("exit", (code) => reject(new Error(`process exited with ${code} before ${pattern}`)));
  });
}

/** Resident memory of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function childPids(parent: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]!.split(" ")[1] === String(parent);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function main() {
  // The launcher's DATA_DIR; the database is a scratch one of its own.
  const tmp = mkdtempSync(path.join(os.tmpdir(), "hookline-soak-"));
  const scratch = await scratchDatabase("soak");
  const databaseUrl = scratch.url;
  await migrateDatabase(databaseUrl);
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2, options: "-c TimeZone=UTC" });

  const receiver = spawn(process.execPath, ["scripts/bench/sink-receiver.mjs"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(receiver);
  const receiverPort = Number((await waitForLine(receiver, /listening (\d+)/, 10_000))[1]);

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: tmp,
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    APP_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    NEXTAUTH_SECRET: randomBytes(16).toString("hex"),
    CRON_SECRET: randomBytes(16).toString("hex"),
    ALLOW_PRIVATE_DESTINATIONS: "true",
    DISPATCH_IN_PROCESS: "true",
    SEED_ON_EMPTY: "false",
    INGEST_RATE_LIMIT: "100000000",
    MANAGE_RATE_LIMIT: "100000000",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  process.env.APP_ENCRYPTION_KEY = env.APP_ENCRYPTION_KEY;

  const { rows: org } = await db.query<{ id: string }>(
    "INSERT INTO organizations (name, slug) VALUES ('Soak', $1) RETURNING id",
    [`soak-${Date.now()}`],
  );
  const orgId = org[0]!.id;
  const apiKey = generateApiKey();
  await db.query("INSERT INTO api_keys (org_id, name, prefix, key_hash) VALUES ($1, 'soak', $2, $3)", [
    orgId,
    apiKeyPrefix(apiKey),
    hashApiKey(apiKey),
  ]);
  for (let i = 0; i < destinationCount; i++) {
    await db.query(
      `INSERT INTO webhook_destinations (org_id, name, url, batch_size, timeout_ms, retry_max, retry_backoff_ms, signing_secret)
       VALUES ($1, $2, $3, $4, 5000, 5, 1000, $5)`,
      [
        orgId,
        `Soak ${i + 1}`,
        `http://127.0.0.1:${receiverPort}/hook/${i + 1}`,
        destinationBatch,
        encryptSecret(generateSigningSecret(), "signing_secret"),
      ],
    );
  }

  say(`starting the app on :${port} (builds first if the sources changed)…`);
  const app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(app);
  app.stdout!.on("data", () => {});
  await waitForLine(app, /ready in/, 600_000);
  // `next start` may run the server in a child of its own: take the largest descendant.
  const descendants = (pid: number): number[] => childPids(pid).flatMap((child) => [child, ...descendants(child)]);
  const serverPid = descendants(app.pid!).sort((a, b) => rssMiB(b) - rssMiB(a))[0];
  const rss = () => ({ launcher: rssMiB(app.pid!), server: serverPid ? rssMiB(serverPid) : NaN });

  const base = `http://127.0.0.1:${port}`;
  const agent = new Agent({ connections: 16, keepAliveTimeout: 30_000 });
  // Warm the routes so first-request compilation is not counted as the app's memory growth.
  await request(`${base}/api/v1/events`, {
    method: "POST",
    dispatcher: agent,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ event_type: "soak.warmup", payload: {} }),
  }).then((r) => r.body.dump());
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const rssIdle = rss();
  let rssStart = rssIdle;

  const backlogNow = async () =>
    (
      await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM webhook_deliveries WHERE status IN ('pending','failed')",
      )
    ).rows[0]!.n;

  // Calibration: the app's dispatcher drains a queue filled at once; its rate is what this
  // machine's dispatcher does against this receiver.
  const perDestination = Math.max(1, Math.round(calibrationCount / destinationCount));
  await db.query(
    `WITH logs AS (
       INSERT INTO activity_logs (org_id, event_type, payload)
       SELECT $1, 'soak.calibration', jsonb_build_object('n', g) FROM generate_series(1, $2::int) g RETURNING id)
     INSERT INTO webhook_deliveries (destination_id, log_id)
     SELECT w.id, logs.id FROM logs CROSS JOIN webhook_destinations w WHERE w.org_id = $1`,
    [orgId, perDestination],
  );
  const calibrationStarted = Date.now();
  while ((await backlogNow()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  const dispatchRate = (perDestination * destinationCount) / ((Date.now() - calibrationStarted) / 1000);
  const rate = fixedRate ?? (loadShare * dispatchRate) / destinationCount;
  say(
    `calibration: the app's dispatcher delivered ${(perDestination * destinationCount).toLocaleString("en-US")} queued deliveries at ` +
      `${dispatchRate.toFixed(0)} deliveries/s`,
  );
  const loadSource = fixedRate ? "--rate" : `${(loadShare * 100).toFixed(0)} % of the dispatch rate`;
  say(
    `load: ${rate.toFixed(0)} events/s (${loadSource}; ${(rate * destinationCount).toFixed(0)} deliveries/s) ` +
      `in batches of ${INGEST_BATCH} for ${durationS} s, ${destinationCount} destinations (batch size ${destinationBatch})`,
  );

  const started = Date.now();
  const samples: string[] = [];
  let accepted = 0;
  const warmupTimer = setTimeout(() => (rssStart = rss()), warmupS * 1000);
  // RSS once a second: one reading can land just before or after a garbage collection (±10 %
  // either way), so growth compares the median of a window after the warm-up with the median of
  // the load's last window, not two instants.
  const rssSamples: { atS: number; launcher: number; server: number }[] = [];
  const rssSampler = setInterval(() => rssSamples.push({ atS: (Date.now() - started) / 1000, ...rss() }), 1000);
  const sampler = setInterval(async () => {
    const { rows } = await db.query<{ backlog: number; delivered: number }>(
      "SELECT count(*) FILTER (WHERE status IN ('pending','failed'))::int AS backlog, count(*) FILTER (WHERE status = " +
        "'delivered')::int AS delivered FROM webhook_deliveries",
    );
    samples.push(
      `${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s  accepted ${String(accepted).padStart(8)}  delivered ` +
        `${String(rows[0]!.delivered).padStart(9)}  backlog ${String(rows[0]!.backlog).padStart(8)}`,
    );
    say(samples.at(-1)!);
  }, 5000);

  /** Offers `eventsPerSecond` in batches of INGEST_BATCH for `seconds`, on a fixed schedule. */
  const offerLoad = async (eventsPerSecond: number, seconds: number, eventType: string) => {
    const result = { accepted: 0, rejected: 0, latencies: [] as number[] };
    let inFlight = 0;
    let sent = 0;
    const intervalMs = (INGEST_BATCH / eventsPerSecond) * 1000;
    const phaseStarted = Date.now();
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = Date.now() - phaseStarted;
        if (elapsed >= seconds * 1000) return resolve();
        // Catch up to the schedule (fixed rate), never more than 32 requests in flight.
        while (sent * intervalMs <= elapsed && inFlight < 32) {
          sent += 1;
          inFlight += 1;
          const events = Array.from({ length: INGEST_BATCH }, (_, i) => ({
            event_type: eventType,
            payload: { n: sent * INGEST_BATCH + i, tier: i % 3 },
          }));
          const t0 = performance.now();
          request(`${base}/api/v1/events`, {
            method: "POST",
            dispatcher: agent,
            headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
            body: JSON.stringify({ events }),
          })
            .then(async (r) => {
              await r.body.dump();
              result.latencies.push(performance.now() - t0);
              if (r.statusCode === 202) {
                result.accepted += INGEST_BATCH;
                accepted += INGEST_BATCH;
              } else result.rejected += INGEST_BATCH;
            })
            .catch(() => (result.rejected += INGEST_BATCH))
            .finally(() => (inFlight -= 1));
        }
        setTimeout(tick, Math.max(1, intervalMs / 4));
      };
      tick();
    });
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    return result;
  };

  const main = await offerLoad(rate, durationS, "soak.event");
  const rejected = main.rejected;
  const requestLatencies = main.latencies;
  const ingestSeconds = (Date.now() - started) / 1000;
  const rssLoadEnd = rss();
  clearInterval(rssSampler);
  const rssWindow = (fromS: number, toS: number) => {
    const inWindow = rssSamples.filter((x) => x.atS >= fromS && x.atS < toS);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
    return { launcher: median(inWindow.map((x) => x.launcher)), server: median(inWindow.map((x) => x.server)) };
  };
  const rssWindowS = Math.min(15, Math.max(1, Math.floor((ingestSeconds - warmupS) / 3)));
  const rssEarly = rssWindow(warmupS, warmupS + rssWindowS);
  const rssLate = rssWindow(ingestSeconds - rssWindowS, ingestSeconds + 1);

  say(`ingest finished; draining the backlog (up to ${drainS} s)…`);
  const drain = async () => {
    const deadline = Date.now() + drainS * 1000;
    let left = await backlogNow();
    while (left > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      left = await backlogNow();
    }
    return left;
  };
  const backlog = await drain();
  clearInterval(sampler);
  clearTimeout(warmupTimer);
  const totalSeconds = (Date.now() - started) / 1000;

  const { rows: latency } = await db.query<{ p50: number; p99: number; n: number; delivered_per_s: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, count(*)::int AS n,
            count(*) / GREATEST(EXTRACT(EPOCH FROM max(delivered_at) - min(delivered_at)), 1) AS delivered_per_s
       FROM (SELECT EXTRACT(EPOCH FROM d.delivered_at - l.created_at) * 1000 AS ms, d.delivered_at
               FROM webhook_deliveries d JOIN activity_logs l ON l.id = d.log_id
              WHERE d.status = 'delivered' AND l.event_type = 'soak.event') x`,
  );
  const { rows: statuses } = await db.query<{ status: string; n: number }>(
    "SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status ORDER BY status",
  );
  const rssEnd = rss();
  const sortedRequests = requestLatencies.sort((a, b) => a - b);
  const growth = (a: number, b: number) => (((b - a) / a) * 100).toFixed(1);
  const l = latency[0]!;

  console.log("\n=== bench:soak ===");
  console.log(
    `ingest: ${main.accepted.toLocaleString("en-US")} events accepted in ${ingestSeconds.toFixed(1)} s = ` +
      `${(main.accepted / ingestSeconds).toFixed(0)} events/s (offered ${rate.toFixed(0)}); ${rejected} rejected`,
  );
  console.log(
    `ingest request latency (batch of ${INGEST_BATCH}): p50 ${percentile(sortedRequests, 0.5).toFixed(1)} ms, p99 ` +
      `${percentile(sortedRequests, 0.99).toFixed(1)} ms`,
  );
  console.log(
    `delivered: ${l.n.toLocaleString("en-US")} deliveries, ${Number(l.delivered_per_s).toFixed(0)} deliveries/s; ` +
      `statuses ${statuses.map((s) => `${s.status}=${s.n}`).join(" ")}`,
  );
  console.log(
    `backlog at the end: ${backlog} (${backlog === 0 ? "drained" : "NOT drained"} ${totalSeconds.toFixed(0)} s after start)`,
  );
  console.log(
    `end-to-end latency (accepted → delivered): p50 ${Number(l.p50).toFixed(0)} ms, p99 ${Number(l.p99).toFixed(0)} ms (target p99 < ` +
      `2000 ms)`,
  );
  console.log(
    `RSS (MiB; idle → after ${warmupS} s of load → load end → end, single readings; growth = median of the ${rssWindowS} s after ` +
      `the warm-up → median of the load's last ${rssWindowS} s, target < 15 %):`,
  );
  for (const [label, key] of [
    ["launcher+dispatcher", "launcher"],
    ["Next.js server     ", "server"],
  ] as const) {
    console.log(
      `  ${label}: ${rssIdle[key].toFixed(0)} → ${rssStart[key].toFixed(0)} → ${rssLoadEnd[key].toFixed(0)} → ` +
        `${rssEnd[key].toFixed(0)}; medians ${rssEarly[key].toFixed(0)} → ${rssLate[key].toFixed(0)} ` +
        `(${growth(rssEarly[key], rssLate[key])} %)`,
    );
  }
  console.log("backlog over time:");
  for (const line of samples) console.log(`  ${line}`);

  // Stepping: a step drains when the dispatcher kept up — at its end the backlog is under two
  // seconds of the offered deliveries — and ingest accepted everything offered.
  if (maxSteps > 0 && backlog === 0) {
    console.log(`stepping the offered rate (${stepSeconds} s per step):`);
    let highest: number | null = null;
    for (let step = 0; step < maxSteps; step++) {
      const share = 0.6 + 0.1 * step;
      const stepRate = (share * dispatchRate) / destinationCount;
      const offered = await offerLoad(stepRate, stepSeconds, "soak.step");
      const left = await backlogNow();
      const keptUp = left <= stepRate * destinationCount * 2 && offered.rejected === 0;
      const acceptedRate = offered.accepted / stepSeconds;
      console.log(
        `  ${(share * 100).toFixed(0).padStart(4)} % of the dispatch rate: ${stepRate.toFixed(0)} events/s offered, ` +
          `${acceptedRate.toFixed(0)} accepted/s, backlog at the step's end ${left} → ${keptUp ? "drains" : "does not drain"}`,
      );
      if (!keptUp) break;
      highest = stepRate;
      if ((await drain()) > 0) break;
    }
    console.log(
      highest === null
        ? "highest offered rate that still drains: below the first step"
        : `highest offered rate that still drains: ${highest.toFixed(0)} events/s = ${(highest * destinationCount).toFixed(0)} ` +
            `deliveries/s (${((highest * destinationCount * 100) / dispatchRate).toFixed(0)} % of the calibrated dispatch rate)`,
    );
  }
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  await agent.close();
  await db.end();
  await stop(app);
  await stop(receiver);
  await scratch.drop();
  rmSync(tmp, { recursive: true, force: true });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

main().catch(async (error) => {
  console.error(`[soak] ${error instanceof Error ? error.stack : error}`);
  for (const child of children) child.kill("SIGKILL");
  process.exit(1);
});
