import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const CHILD_SCRIPT = path.join(import.meta.dirname, "fixtures", "dispatch-child.ts");

/**
 * Node options a file needs: one that imports an app route handler loads modules marked
 * `server-only`, which resolve only under the react-server condition (as inside Next.js).
 */
function nodeOptionsFor(file: string): string[] {
  return path.basename(file) === "cron-dispatch-once.ts" ? ["--conditions=react-server"] : [];
}

/** Runs a TypeScript file in a fresh Node process through tsx, with the test's environment plus `env`. */
export function spawnTs(
  file: string,
  args: string[],
  env: Record<string, string>,
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [...nodeOptionsFor(file), "--import", "tsx", file, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}
