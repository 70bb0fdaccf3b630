import { verifyEncryptionKey } from "../crypto/verify-encryption-key";
import { dispatchConfig } from "./dispatch-config";
import { dispatchLogger, jsonLogsOnly } from "./dispatch-log";
import { emptyCounts, runDispatchFor, type DispatchCounts } from "./run-dispatch-cycle";

/** A ticker run returns at least this often, so summaries and errors surface. */
const RUN_BUDGET_MS = 30_000;

export interface DispatchTickerOptions {
  /** Human-readable lines for the console; with LOG_FORMAT=json they go to pino instead. */
  log: (line: string) => void;
  /** Pause between checks when nothing was due (default: WORKER_INTERVAL_MS, 250 ms). */
  intervalMs?: number;
  /** How often a summary of the work done is logged (default 60 s; nothing is logged when idle). */
  summaryEveryMs?: number;
  /**
   * Called when credentials could not be decrypted and the key check then fails: this process's
   * APP_ENCRYPTION_KEY is no longer the database's (a rotation under it). The ticker has stopped
   * claiming by then; the process should stop too, as it would have refused to start.
   */
  onKeyMismatch?: (reason: string) => void;
}

export interface DispatchTicker {
  /** Stops claiming, lets in-flight requests finish and hands back what was claimed but not sent. */
  stop(): Promise<void>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Level = "info" | "warn" | "error";

/** A console line, or with LOG_FORMAT=json the same event as a pino line with its fields. */
function emitter(log: (line: string) => void) {
  return (level: Level, line: string, fields: Record<string, unknown> = {}) => {
    if (jsonLogsOnly()) dispatchLogger[level]({ ticker: true, ...fields }, line);
    else log(line);
  };
}

/**
 * The in-process dispatcher (launcher, `npm run worker`): cycles back to back (in parallel
 * lanes, see runDispatchFor) while there is work, then checks again every `intervalMs`. A failing cycle (database restarting) is logged
 * and retried on the next tick; the loop itself never dies.
 */
export function startDispatchTicker(options: DispatchTickerOptions): DispatchTicker {
  const intervalMs = options.intervalMs ?? dispatchConfig().idleIntervalMs;
  const summaryEveryMs = options.summaryEveryMs ?? 60_000;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> | null = null;
  let totals: DispatchCounts = emptyCounts();
  let lastSummary = Date.now();
  let lastError: string | null = null;
  const emit = emitter(options.log);

  const summarise = (force: boolean) => {
    if (!force && Date.now() - lastSummary < summaryEveryMs) return;
    if (totals.claimed > 0) {
      const { claimed, delivered, failed, dead } = totals;
      emit("info", `dispatched ${claimed}: ${delivered} delivered, ${failed} failed, ${dead} dead`, {
        claimed,
        delivered,
        failed,
        dead,
        periodMs: Date.now() - lastSummary,
      });
    }
    totals = emptyCounts();
    lastSummary = Date.now();
  };

  // Set by a cycle that handed deliveries back for undecryptable credentials. One destination's
  // bad value (a hand-edited row) keeps the dispatcher going; a key that no longer matches the
  // database's fingerprint stops it.
  let credentialFailure = false;
  const keyStillMatches = async (): Promise<boolean> => {
    if (!credentialFailure) return true;
    credentialFailure = false;
    const check = await verifyEncryptionKey();
    if (check.ok) return true;
    emit("error", `stopping the dispatcher: ${check.reason}`, { reason: check.reason });
    controller.abort();
    options.onKeyMismatch?.(check.reason);
    return false;
  };

  const tick = async () => {
    timer = null;
    try {
      for (;;) {
        // Returns once the queue is drained (then the ticker waits), or after RUN_BUDGET_MS of
        // back-to-back work (then it goes on at once).
        const counts = await runDispatchFor(RUN_BUDGET_MS, {
          signal: controller.signal,
          onCredentialFailure: () => (credentialFailure = true),
        });
        totals.claimed += counts.claimed;
        totals.delivered += counts.delivered;
        totals.failed += counts.failed;
        totals.dead += counts.dead;
        if (lastError) emit("info", "dispatcher recovered");
        lastError = null;
        summarise(false);
        if (!(await keyStillMatches())) break;
        if (counts.durationMs < RUN_BUDGET_MS || controller.signal.aborted) break;
      }
    } catch (error) {
      // Logged once per distinct error, not every second while the database is down.
      const message = describe(error);
      if (message !== lastError) emit("error", `dispatch cycle failed: ${message}`, { err: error });
      lastError = message;
    }
    if (!controller.signal.aborted) timer = setTimeout(run, intervalMs);
  };

  const run = () => {
    current = tick().finally(() => {
      current = null;
    });
  };

  run();
  return {
    async stop() {
      controller.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      await current;
      summarise(true);
    },
  };
}
