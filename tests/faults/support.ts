import { spawn, type ChildProcess } from "node:child_process";
import type pg from "pg";

/** `FAULT_SCALE=full` (npm run test:faults) runs the sizes the issue names; npm test a fast subset. */
export const FULL = process.env.FAULT_SCALE === "full";
export const scale = (full: number, fast: number) => (FULL ? full : fast);

export interface SinkStats {
  requests: number;
  successes: number;
  distinct: number;
  duplicates: number;
}

export interface SinkReceiver {
  url: string;
  stats(): Promise<SinkStats>;
  stop(): Promise<void>;
}

/**
 * scripts/bench/sink-receiver.mjs in its own process: counts deliveries by `webhook-id`.
 * `delayMs` holds each "ok" answer that long.
 */
export async function startSinkReceiver(
  mode: "ok" | "chaos" | "fail" = "ok",
  options: { delayMs?: number } = {},
): Promise<SinkReceiver> {
  const child = spawn(process.execPath, ["scripts/bench/sink-receiver.mjs"], {
    env: { ...process.env, RECEIVER_MODE: mode, RECEIVER_DELAY_MS: String(options.delayMs ?? 0) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /listening (\d+)/.exec(buffer);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`receiver exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/hook`,
    stats: async () => (await (await fetch(`${base}/stats`)).json()) as SinkStats,
    stop: () => stopProcess(child),
  };
}

export interface Worker {
  process: ChildProcess;
  output(): string;
}

/** `npm run worker` as a real child process against `databaseUrl`. */
export function startWorker(databaseUrl: string, env: Record<string, string> = {}): Worker {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      WORKER_INTERVAL_MS: "100",
      DISPATCH_LEASE_MS: "3000",
      LOG_LEVEL: "silent",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  return { process: child, output: () => output };
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | false | null | undefined>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

export async function statusCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: number }>(
    "SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status",
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
