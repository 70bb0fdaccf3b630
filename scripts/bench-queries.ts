// npm run bench:queries [-- --rows 1000000 --runs 40]
//
// Times the deliveries list at scale through the real lib functions (listDeliveries,
// countDeliveries, listFailedWebhooks):
//  - a scratch database: an embedded PostgreSQL cluster in a temp dir, or (DATABASE_URL set) a
//    throwaway database created on that server and dropped afterwards; all migrations applied;
//  - --rows deliveries (default 1,000,000), one per activity log, over 8 destinations of one
//    org and 30 days, generated with generate_series: 82 % delivered, 8 % failed, 7 % dead,
//    3 % pending, with realistic error messages; a second org holds every 20th row (5 %) as
//    noise, active over the same 30 days. (Not covered: a small org next to a much larger one.
//    The sort indexes are shared by all orgs, so an ascending sort there walks past the large
//    org's older rows first — with the noise org as the oldest 5 %, "oldest attempt first"
//    read ~50,000 foreign rows, ~100 ms.);
//  - per query: warm-up, then --runs timed calls; prints p50 / p95 and the indexes the page
//    query's plan uses (EXPLAIN ANALYZE of the exact SQL the function ran).
// Also the overview aggregates (getDeliveryOverview 24 h / 7 d, getQueueHealth) and the destinations
// list's 24 h health figures. Targets: every list query p95 < 20 ms, overview p95 < 130 ms, queue health < 10 ms.
// Options: --only <regex> runs matching queries only;
// BENCH_KEEP_DIR=<dir> keeps the embedded cluster and its data for the next run.
import os from "node:os";
import pg from "pg";
import { scratchDatabase } from "./bench/scratch-database";

const args = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
const ROWS = option("rows", 1_000_000);
const RUNS = option("runs", 40);
const log = (line: string) => console.log(line);

async function seed(client: pg.Client): Promise<{ orgId: string; destinations: string[] }> {
  const existing = await client.query<{ id: string }>("SELECT id FROM organizations WHERE slug = 'bench'");
  if (existing.rows[0]) {
    const orgId = existing.rows[0].id;
    const d = await client.query<{ id: string }>(
      "SELECT id FROM webhook_destinations WHERE org_id = $1 ORDER BY name",
      [orgId],
    );
    log("  reusing the seeded data in BENCH_KEEP_DIR");
    await client.query("ANALYZE");
    return { orgId, destinations: d.rows.map((r) => r.id) };
  }
  const org = await client.query<{ id: string }>(
    "INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id",
  );
  const orgId = org.rows[0]!.id;
  const noise = await client.query<{ id: string }>(
    "INSERT INTO organizations (name, slug) VALUES ('Noise', 'noise') RETURNING id",
  );
  const dest = await client.query<{ id: string }>(
    `INSERT INTO webhook_destinations (org_id, name, url, signing_secret)
     SELECT $1, 'Destination ' || g, 'https://hooks.example.test/' || g, 'enc:v1:x' FROM generate_series(1, 8) g RETURNING id`,
    [orgId],
  );
  const noiseDest = await client.query<{ id: string }>(
    "INSERT INTO webhook_destinations (org_id, name, url, signing_secret) VALUES ($1, 'Noise', 'https://noise.example.test', " +
      "'enc:v1:x') RETURNING id",
    [noise.rows[0]!.id],
  );
  const destinations = dest.rows.map((r) => r.id);
  const types = [
    "user.login",
    "user.logout",
    "document.created",
    "document.updated",
    "invoice.paid",
    "invoice.failed",
    "session.started",
    "session.ended",
    "app.error",
    "user.password_changed",
  ];
  const errors = [
    "HTTP 500 Internal Server Error",
    "HTTP 502 Bad Gateway",
    "HTTP 503 Service Unavailable",
    "HTTP 429 Too Many Requests",
    "HTTP 404 Not Found",
    "timeout after 10000 ms",
    "connect ECONNREFUSED 10.0.0.7:443",
    "socket hang up",
  ];
  const codes = [500, 502, 503, 429, 404, null, null, null];
  const started = Date.now();
  // Bulk loading into ~15 indexes row by row is most of the seeding time; dropping the
  // secondary indexes and building them afterwards is several times faster and ends with the
  // same indexes (definitions re-read from pg_indexes, so they are exactly the migrations').
  const { rows: secondary } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename IN ('webhook_deliveries', 'activity_logs')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const index of secondary) await client.query(`DROP INDEX "${index.name}"`);
  // Logs and deliveries in chunks so no single statement holds millions of rows in memory.
  const CHUNK = 200_000;
  for (let offset = 0; offset < ROWS; offset += CHUNK) {
    const n = Math.min(CHUNK, ROWS - offset);
    await client.query(
      `WITH src AS (
         SELECT g, CASE WHEN g % 20 = 0 THEN $8::uuid ELSE ($3::uuid[])[1 + (g % 8)] END AS dest,
           CASE WHEN g % 20 = 0 THEN $9::uuid ELSE $1::uuid END AS org,
                now() - make_interval(secs => (g::bigint * 2592000 / $7)::int) AS created, (abs(hashint4(g)) % 1000) / 1000.0 AS r
           FROM generate_series($2::int + 1, $2::int + $10::int) g
       ), logs AS (
         INSERT INTO activity_logs (org_id, event_type, payload, created_at)
         SELECT org, ($4::text[])[1 + (g % 10)], jsonb_build_object('n', g, 'severity',
           (ARRAY['low','medium','high'])[1 + g % 3]), created FROM src
         RETURNING id, created_at, (payload->>'n')::int AS g
       )
       INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, created_at, last_attempt_at, next_retry_at,
         response_status, error_message, delivered_at)
       SELECT s.dest, l.id,
              CASE WHEN s.r < 0.82 THEN 'delivered' WHEN s.r < 0.90 THEN 'failed' WHEN s.r < 0.97 THEN 'dead' ELSE 'pending' END,
              CASE WHEN s.r < 0.82 THEN 1 WHEN s.r < 0.90 THEN 2 WHEN s.r < 0.97 THEN 5 ELSE 0 END,
              s.created,
              CASE WHEN s.r < 0.97 THEN s.created + interval '2 seconds' END,
              CASE WHEN s.r >= 0.82 AND s.r < 0.90 THEN now() + make_interval(mins => (s.g % 600)) END,
              CASE WHEN s.r < 0.82 THEN 200 WHEN s.r < 0.97 THEN ($6::int[])[1 + s.g % 8] END,
              CASE WHEN s.r >= 0.82 AND s.r < 0.97 THEN ($5::text[])[1 + s.g % 8] END,
              CASE WHEN s.r < 0.82 THEN s.created + interval '2 seconds' END
         FROM src s JOIN logs l ON l.g = s.g`,
      [orgId, offset, destinations, types, errors, codes, ROWS, noiseDest.rows[0]!.id, noise.rows[0]!.id, n],
    );
    process.stdout.write(
      `\r  seeded ${Math.min(offset + n, ROWS).toLocaleString("en-US")} / ${ROWS.toLocaleString("en-US")} deliveries`,
    );
  }
  process.stdout.write("\n");
  await client.query(
    `INSERT INTO failed_webhooks (webhook_payload_json, error_message, created_at)
     SELECT jsonb_build_object('delivery_id', d.id, 'destination_id', d.destination_id, 'org_id', $1::text, 'log_id',
       d.log_id, 'event_type', 'invoice.failed'), d.error_message, d.created_at
       FROM webhook_deliveries d WHERE d.status = 'dead' AND d.destination_id = ANY ($2::uuid[])`,
    [orgId, destinations],
  );
  process.stdout.write(`  building ${secondary.length} indexes…\n`);
  await client.query("SET maintenance_work_mem = '256MB'");
  for (const index of secondary) await client.query(index.def);
  await client.query("VACUUM ANALYZE");
  log(`  seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (VACUUM ANALYZE included)`);
  return { orgId, destinations };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Captured {
  text: string;
  values: unknown[];
}

async function main() {
  log(`bench:queries — ${ROWS.toLocaleString("en-US")} deliveries, ${RUNS} timed runs per query`);
  // BENCH_KEEP_DIR keeps the cluster (and its seeded data) between runs, for iterating on
  // indexes without reseeding; new migrations are still applied to it.
  const scratch = await scratchDatabase("queries", { keepDir: process.env.BENCH_KEEP_DIR });
  try {
    const { migrateDatabase } = await import("../lib/db/migrate");
    await migrateDatabase(scratch.url);
    const client = new pg.Client({ connectionString: scratch.url, options: "-c TimeZone=UTC" });
    await client.connect();
    const { orgId, destinations } = await seed(client);

    // The app's own pool, pointed at the scratch database. While a query is being timed, every
    // statement any pg client sends is recorded, so the bench can EXPLAIN exactly what a
    // function ran (the count runs on a checked-out client, not through pool.query).
    process.env.DATABASE_URL = scratch.url;
    const { closeDb } = await import("../lib/db/client");
    const captured: Captured[] = [];
    let recording = false;
    const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const originalQuery = proto.query;
    proto.query = function (this: unknown, ...a: unknown[]) {
      // Prisma's adapter passes a query config object ({ text, values, … }), pg callers a string.
      const config = a[0];
      if (recording && typeof config === "string") captured.push({ text: config, values: (a[1] as unknown[]) ?? [] });
      else if (recording && config && typeof (config as { text?: unknown }).text === "string") {
        const { text, values } = config as { text: string; values?: unknown[] };
        captured.push({ text, values: values ?? [] });
      }
      return originalQuery.apply(this, a);
    };
    const { listDeliveries } = await import("../lib/deliveries/list-deliveries");
    const { countDeliveries } = await import("../lib/deliveries/count-deliveries");
    const { listFailedWebhooks } = await import("../lib/failed-webhooks/list-failed-webhooks");
    const { encodeCursor } = await import("../lib/list/keyset");
    const { getDeliveryOverview } = await import("../lib/overview/get-delivery-overview");
    const { getQueueHealth } = await import("../lib/overview/get-queue-health");
    const { listDestinations } = await import("../lib/destinations/list-destinations");

    // A cursor half-way down the default order: what 10,000 clicks on "next" would reach.
    const deep = await client.query<{ v: string; id: string }>(
      "SELECT created_at::text AS v, id FROM webhook_deliveries WHERE destination_id = ANY ($1::uuid[]) ORDER BY created_at DESC, id " +
        "DESC OFFSET $2 LIMIT 1",
      [destinations, Math.floor(ROWS * 0.45)],
    );
    const deepCursor = encodeCursor({ sort: "created_at.desc", value: deep.rows[0]!.v, id: deep.rows[0]!.id });
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);

    // kind: "list" pages (target p95 < 50 ms), "overview" aggregates (target p95 < 300 ms),
    // "count" (shown, no target: the UI estimates beyond 100,000 and counts off the page path).
    const queries: { name: string; kind: "list" | "overview" | "count"; run: () => Promise<unknown> }[] = [
      { name: "list: newest first (no filter)", kind: "list", run: () => listDeliveries(orgId, {}, { limit: 50 }) },
      {
        name: "list: status=dead",
        kind: "list",
        run: () => listDeliveries(orgId, { status: ["dead"] }, { limit: 50 }),
      },
      {
        name: "list: status=failed,dead",
        kind: "list",
        run: () => listDeliveries(orgId, { status: ["failed", "dead"] }, { limit: 50 }),
      },
      {
        name: "list: destination + last 3 days",
        kind: "list",
        run: () =>
          listDeliveries(orgId, { destinationId: [destinations[2]!], createdFrom: threeDaysAgo }, { limit: 50 }),
      },
      {
        name: "list: 2 destinations + 10..3 days ago",
        kind: "list",
        run: () =>
          listDeliveries(
            orgId,
            { destinationId: [destinations[0]!, destinations[5]!], createdFrom: tenDaysAgo, createdTo: threeDaysAgo },
            { limit: 50 },
          ),
      },
      {
        name: "list: error text 'timeout'",
        kind: "list",
        run: () => listDeliveries(orgId, { q: "timeout" }, { limit: 50 }),
      },
      {
        name: "list: error text 'ECONNREFUSED 10.0.0.7' (rare-ish)",
        kind: "list",
        run: () => listDeliveries(orgId, { q: "ECONNREFUSED 10.0.0.7" }, { limit: 50 }),
      },
      {
        name: "list: error text with no match",
        kind: "list",
        run: () => listDeliveries(orgId, { q: "certificate has expired" }, { limit: 50 }),
      },
      {
        name: "list: status=dead + error text 'HTTP 404'",
        kind: "list",
        run: () => listDeliveries(orgId, { status: ["dead"], q: "HTTP 404" }, { limit: 50 }),
      },
      {
        name: "list: deep page via cursor (row ~450k)",
        kind: "list",
        run: () => listDeliveries(orgId, {}, { limit: 50, cursor: deepCursor }),
      },
      {
        name: "list: sort last_attempt_at desc",
        kind: "list",
        run: () => listDeliveries(orgId, {}, { limit: 50, sort: { by: "last_attempt_at", order: "desc" } }),
      },
      {
        name: "list: sort last_attempt_at asc (never attempted first)",
        kind: "list",
        run: () => listDeliveries(orgId, {}, { limit: 50, sort: { by: "last_attempt_at", order: "asc" } }),
      },
      {
        name: "list: sort next_retry_at desc",
        kind: "list",
        run: () => listDeliveries(orgId, {}, { limit: 50, sort: { by: "next_retry_at", order: "desc" } }),
      },
      {
        name: "list: sort next_retry_at asc (unscheduled first)",
        kind: "list",
        run: () => listDeliveries(orgId, {}, { limit: 50, sort: { by: "next_retry_at", order: "asc" } }),
      },
      {
        name: "list: status=delivered sort last_attempt_at asc",
        kind: "list",
        run: () =>
          listDeliveries(
            orgId,
            { status: ["delivered"] },
            { limit: 50, sort: { by: "last_attempt_at", order: "asc" } },
          ),
      },
      {
        name: "list: status=failed sort next_retry_at asc",
        kind: "list",
        run: () =>
          listDeliveries(orgId, { status: ["failed"] }, { limit: 50, sort: { by: "next_retry_at", order: "asc" } }),
      },
      {
        name: "list: sort attempts desc",
        kind: "list",
        run: () => listDeliveries(orgId, {}, { limit: 50, sort: { by: "attempts", order: "desc" } }),
      },
      {
        name: "list: sort attempts asc (never attempted first)",
        kind: "list",
        run: () => listDeliveries(orgId, {}, { limit: 50, sort: { by: "attempts", order: "asc" } }),
      },
      {
        name: "list: status=dead sort attempts asc",
        kind: "list",
        run: () => listDeliveries(orgId, { status: ["dead"] }, { limit: 50, sort: { by: "attempts", order: "asc" } }),
      },
      {
        name: "list: event type invoice.failed + 5xx",
        kind: "list",
        run: () => listDeliveries(orgId, { eventType: "invoice.failed", responseStatus: "5xx" }, { limit: 50 }),
      },
      {
        name: "list: failed webhooks (newest)",
        kind: "list",
        run: () => listFailedWebhooks(orgId, { status: ["pending"] }, { limit: 50 }),
      },
      { name: "count: status=dead (exact)", kind: "count", run: () => countDeliveries(orgId, { status: ["dead"] }) },
      {
        name: "count: destination + last 3 days (exact)",
        kind: "count",
        run: () => countDeliveries(orgId, { destinationId: [destinations[2]!], createdFrom: threeDaysAgo }),
      },
      { name: "count: no filter (estimated)", kind: "count", run: () => countDeliveries(orgId, {}) },
      { name: "count: error text 'timeout'", kind: "count", run: () => countDeliveries(orgId, { q: "timeout" }) },
      { name: "overview: last 24 h", kind: "overview", run: () => getDeliveryOverview(orgId, "24h") },
      { name: "overview: last 7 days", kind: "overview", run: () => getDeliveryOverview(orgId, "7d") },
      { name: "overview: queue health", kind: "overview", run: () => getQueueHealth(orgId) },
      { name: "overview: destinations list (24 h health)", kind: "overview", run: () => listDestinations(orgId) },
    ];

    const results: { name: string; p50: number; p95: number; kind: string; plan: string; note: string }[] = [];
    const onlyIndex = args.indexOf("--only");
    const only = onlyIndex >= 0 ? new RegExp(args[onlyIndex + 1] ?? "", "i") : null;
    for (const q of queries.filter((x) => !only || only.test(x.name))) {
      for (let i = 0; i < 3; i++) await q.run();
      const times: number[] = [];
      let sample: unknown;
      for (let i = 0; i < RUNS; i++) {
        captured.length = 0;
        recording = true;
        const t0 = performance.now();
        sample = await q.run();
        times.push(performance.now() - t0);
        recording = false;
      }
      times.sort((a, b) => a - b);
      // The page (or count) query is the one that reads webhook_deliveries / failed_webhooks.
      // The page (or count) statements are the ones that read webhook_deliveries / failed_webhooks
      // (a nullable sort may take two, one per keyset segment).
      const mains = captured.filter(
        (c) => /FROM (webhook_deliveries|failed_webhooks)\b/.test(c.text) && !c.text.startsWith("EXPLAIN"),
      );
      const indexes = new Set<string>();
      let seqScans = 0;
      for (const main of mains) {
        const explain = await client.query(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${main.text.replace(/^SELECT count\(\*\)::int AS n FROM \((.*) LIMIT \d+\) capped$/s, "$1")}`,
          main.values,
        );
        const walk = (node: Record<string, unknown>) => {
          if (typeof node["Index Name"] === "string") indexes.add(node["Index Name"] as string);
          if (
            node["Node Type"] === "Seq Scan" &&
            /webhook_deliveries|failed_webhooks/.test(String(node["Relation Name"]))
          )
            seqScans++;
          for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
        };
        walk((explain.rows[0]["QUERY PLAN"] as { Plan: Record<string, unknown> }[])[0]!.Plan);
      }
      const plan = [...indexes].join(", ") || "(no index)";
      const note = seqScans ? ` SEQ SCAN x${seqScans}` : "";
      const shape =
        sample && typeof sample === "object" && "rows" in sample
          ? `${(sample as { rows: unknown[] }).rows.length} rows`
          : Array.isArray(sample)
            ? `${sample.length} items`
            : q.kind === "overview"
              ? `${mains.length} statements`
              : JSON.stringify(sample);
      results.push({
        name: q.name,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        kind: q.kind,
        plan,
        note: `${shape}${note}`,
      });
      log(
        `  ${q.name.padEnd(48)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ` +
          `${percentile(times, 95).toFixed(1).padStart(7)} ms   ${shape}${note}`,
      );
      log(`  ${"".padEnd(48)} indexes: ${plan}`);
    }
    log("");
    // Issue 12's targets at 1,000,000 deliveries; queue health is an overview statement with its own.
    for (const [kind, target] of [
      ["list", 20],
      ["overview", 130],
      ["queue health", 10],
    ] as const) {
      const group = results.filter((r) =>
        kind === "queue health" ? r.name.includes("queue health") : r.kind === kind && !r.name.includes("queue health"),
      );
      if (group.length === 0) continue;
      const worst = group.reduce((a, b) => (b.p95 > a.p95 ? b : a));
      log(
        `worst ${kind} p95: ${worst.p95.toFixed(1)} ms (${worst.name}) — target < ${target} ms: ${worst.p95 < target ? "MET" : "NOT MET"}`,
      );
    }
    log(
      `load average while measuring: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} (2 cores; figures from a busy machine overstate)`,
    );
    await client.end();
    await closeDb();
  } finally {
    await scratch.drop();
  }
}

await main();
