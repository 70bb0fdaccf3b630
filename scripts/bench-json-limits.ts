// npm run bench:json-limits — hostile JSON at both entry points that validate it, against a
// server process of the real handlers (POST /api/v1/events with an ingest key, and the
// destinations filter-preview action a viewer may call), while /api/health is polled.
//
// The worst case is a body of arrays nested just under the depth limit (62) holding as many
// values as the body allows: it used to cost ~560 MB of heap per MiB. Sends 8 of them at once
// to each entry point (--rounds N times, default 3) and prints the server's RSS before, at its
// peak and after, and the slowest /api/health answer. Targets: RSS growth < 100 MB, health < 1 s.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { scratchDatabase } from "./bench/scratch-database";

const args = process.argv.slice(2);
const ROUNDS = Number(args[args.indexOf("--rounds") + 1]) || 3;
const CONCURRENT = 8;
const DEPTH = 62;
const BODY_BYTES = 512 * 1024;

/** `[[[ … [0,0,0,…] … ]]]`: DEPTH levels of arrays around as many zeros as fit in `bytes`. */
function nestedArrays(bytes: number): string {
  const zeros = Math.floor((bytes - 2 * DEPTH) / 2);
  return `${"[".repeat(DEPTH)}${Array(zeros).fill("0").join(",")}${"]".repeat(DEPTH)}`;
}

// ---- the server (child process): the real handlers behind node:http --------------------------
async function serve(): Promise<void> {
  const events = await import("../app/api/v1/events/route");
  const health = await import("../app/api/health/route");
  // The preview action's two steps (actions/destinations.ts): its input schema, then the lib call.
  // The action module itself pulls in next-auth, which needs Next's runtime.
  const { previewFilterSchema } = await import("../actions/destinations.validation");
  const { previewEventFilter } = await import("../lib/destinations/preview-event-filter");
  const viewer = JSON.parse(process.env.BENCH_VIEWER!) as { orgId: string };
  // Next refuses an action body over experimental.serverActions.bodySizeLimit before decoding it.
  const configUrl = new URL("../next.config.js", import.meta.url).href;
  const nextConfig = ((await import(configUrl)) as { default: unknown }).default as {
    experimental?: { serverActions?: { bodySizeLimit?: string } };
  };
  const limit = nextConfig.experimental?.serverActions?.bodySizeLimit ?? "1mb";
  const actionLimitBytes = Number.parseFloat(limit) * (/mb$/i.test(limit) ? 1024 * 1024 : 1024);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = Buffer.concat(chunks);
      let response: Response;
      if (url.pathname === "/api/v1/events")
        response = await events.POST(new Request(url, { method: "POST", headers, body }), {
          params: Promise.resolve({}),
        });
      else if (url.pathname === "/api/health") response = await health.GET();
      else if (url.pathname === "/preview" && body.length > actionLimitBytes) {
        response = Response.json({ ok: false, error: "body exceeds the server actions' limit" }, { status: 413 });
      } else if (url.pathname === "/preview") {
        // What Next's action endpoint does with a server action's body: decode, then run the action.
        const parsed = previewFilterSchema.safeParse(JSON.parse(body.toString("utf8")));
        const result = parsed.success
          ? await previewEventFilter(viewer.orgId, parsed.data).then(
              (r) => ({ ok: true, ...r }),
              () => ({ ok: false }),
            )
          : { ok: false };
        response = Response.json(result);
      } else response = new Response("not found", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.match(/\d+/)?.[0] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const database = await scratchDatabase("json-limits");
  let child: ChildProcess | null = null;
  try {
    const { migrateDatabase } = await import("../lib/db/migrate");
    await migrateDatabase(database.url);
    const db = new pg.Pool({ connectionString: database.url, max: 2 });
    const { hashApiKey, apiKeyPrefix, generateApiKey } = await import("../lib/crypto/tokens");
    const org = await db.query<{ id: string }>(
      "INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id",
    );
    const orgId = org.rows[0]!.id;
    const user = await db.query<{ id: string }>(
      "INSERT INTO users (org_id, email, name, role) VALUES ($1, 'viewer@bench.test', 'Viewer', 'viewer') RETURNING id",
      [orgId],
    );
    const apiKey = generateApiKey();
    await db.query(
      "INSERT INTO api_keys (org_id, name, prefix, key_hash, scopes) VALUES ($1, 'b', $2, $3, '{ingest}')",
      [orgId, apiKeyPrefix(apiKey), hashApiKey(apiKey)],
    );
    await db.end();
    const viewer = {
      id: user.rows[0]!.id,
      orgId,
      orgName: "Bench",
      email: "viewer@bench.test",
      name: "Viewer",
      role: "viewer",
    };

    child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve"], {
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        APP_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        BENCH_VIEWER: JSON.stringify(viewer),
        LOG_LEVEL: "error",
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      child!.stdout!.once("data", (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { port: number }).port));
      child!.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const pid = child.pid!;

    const worst = nestedArrays(BODY_BYTES);
    const ingestBody = `{"event_type":"bench.hostile","payload":{"a":${worst}}}`;
    // The preview's worst case just fits the server actions' body limit, so it reaches the action.
    const previewBody = `{"eventTypes":[],"eventFilter":{"a":${nestedArrays(250 * 1024)}}}`;
    console.log(
      `[bench:json-limits] ingest bodies of ${(ingestBody.length / 1024).toFixed(0)} KiB, preview ` +
        `${(previewBody.length / 1024).toFixed(0)} KiB: arrays ${DEPTH} deep around ` +
        `${Math.floor((BODY_BYTES - 2 * DEPTH) / 2).toLocaleString("en-US")} values; ${CONCURRENT} at once per entry point, ${ROUNDS} ` +
        `rounds`,
    );

    // Warm both paths (module loading, JIT) before the baseline.
    await fetch(`${base}/api/health`);
    await fetch(`${base}/preview`, { method: "POST", body: '{"eventTypes":[],"eventFilter":null}' });
    await new Promise((r) => setTimeout(r, 500));
    const before = rssMb(pid);
    let peak = before;
    let slowestHealth = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        await fetch(`${base}/api/health`).then((r) => r.text());
        slowestHealth = Math.max(slowestHealth, performance.now() - started);
        peak = Math.max(peak, rssMb(pid));
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const statuses = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all([
        ...Array.from({ length: CONCURRENT }, () =>
          fetch(`${base}/api/v1/events`, {
            method: "POST",
            headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
            body: ingestBody,
          }).then(async (r) => {
            await r.text();
            statuses.set(`ingest ${r.status}`, (statuses.get(`ingest ${r.status}`) ?? 0) + 1);
          }),
        ),
        ...Array.from({ length: CONCURRENT }, () =>
          fetch(`${base}/preview`, { method: "POST", body: previewBody }).then(async (r) => {
            const result = (await r.json()) as { ok?: boolean };
            const key = `preview ${result.ok ? "ok" : "refused"}`;
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
          }),
        ),
      ]);
    }
    await new Promise((r) => setTimeout(r, 300));
    polling = false;
    await poller;
    const after = rssMb(pid);
    const growth = peak - before;
    console.log(`[bench:json-limits] answers: ${[...statuses].map(([k, n]) => `${k} × ${n}`).join(", ")}`);
    console.log(
      `[bench:json-limits] server RSS: before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (+${growth.toFixed(0)} MB, target < ` +
        `+100) ${growth < 100 ? "✓" : "✗"}, after ${after.toFixed(0)} MB`,
    );
    console.log(
      `[bench:json-limits] slowest /api/health meanwhile: ${slowestHealth.toFixed(0)} ms (target < 1000) ` +
        `${slowestHealth < 1000 ? "✓" : "✗"}`,
    );
    console.log(
      `[bench:json-limits] load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    child?.kill("SIGTERM");
    await database.drop();
  }
}

if (args.includes("--serve")) await serve();
else await main();
