import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { E2E } from "./support/env";

/** Whether a process with this id is running (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Each local run gets a fresh data directory, `$TMPDIR/hookline-e2e-<runner pid>-<time>`, which
 * stays after the run so a failure can be looked into (about 150 MB: the embedded PostgreSQL).
 * Here the next run removes the earlier ones whose runner has exited and whose PostgreSQL is not
 * running, so they do not pile up.
 */
export default function globalSetup(): void {
  if (E2E.external) return;
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    const match = /^hookline-e2e-(\d+)-\d+$/.exec(name);
    const dir = path.join(tmp, name);
    if (!match || dir === E2E.dataDir || alive(Number(match[1]))) continue;
    const postmaster = path.join(dir, "pg", "postmaster.pid");
    if (existsSync(postmaster) && alive(Number(readFileSync(postmaster, "utf8").split("\n")[0]))) continue;
    rmSync(dir, { recursive: true, force: true });
  }
}
