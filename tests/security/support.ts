import path from "node:path";
import type pg from "pg";
import { exited, spawnTs } from "../dispatcher/child-process";

export const CRON_ONCE = path.join(import.meta.dirname, "fixtures", "cron-dispatch-once.ts");
export const WORKER = path.resolve(import.meta.dirname, "../../scripts/worker.ts");

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript file through tsx to its end and returns what it printed, stdout and stderr apart. */
export async function runTs(file: string, args: string[], env: Record<string, string>): Promise<ChildRun> {
  const child = spawnTs(file, args, env);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const { code } = await exited(child);
  return { code, stdout, stderr };
}

export type LogLine = Record<string, unknown> & { level: number; time: string; msg: string };

/** Every non-empty line must be a JSON object (that is what LOG_FORMAT=json and pino promise). */
export function parseJsonLines(output: string): LogLine[] {
  return output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}

/** Makes every audit_logs insert fail, to show a change and its audit entry commit together or not at all. */
export async function refuseAuditInserts(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE OR REPLACE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$;
    CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION refuse_audit();`);
}

export async function allowAuditInserts(pool: pg.Pool): Promise<void> {
  await pool.query("DROP TRIGGER IF EXISTS refuse_audit ON audit_logs");
}
