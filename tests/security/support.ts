import path from "node:path";
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
