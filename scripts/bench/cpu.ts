// CPU accounting for benchmarks (Linux /proc): on a shared 2-core machine the wall-clock rate
// says as much about the neighbours as about the code; CPU seconds per unit of work do not.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const CLOCK_TICKS = 100; // USER_HZ; 100 on every mainstream Linux build.

function procTimes(pid: number): { self: number; children: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After "pid (comm) ": state ppid … utime(12) stime(13) cutime(14) cstime(15), 0-based from state.
    return {
      ppid: Number(fields[1]),
      self: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
      children: (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS,
    };
  } catch {
    return null;
  }
}

/** CPU seconds used so far by a process and all its descendants, living or reaped. */
export function treeCpuSeconds(root: number): number {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const t = procTimes(pid);
    if (t) parents.set(t.ppid, [...(parents.get(t.ppid) ?? []), pid]);
  }
  let total = 0;
  const visit = (pid: number) => {
    const t = procTimes(pid);
    if (!t) return;
    total += t.self + t.children;
    for (const child of parents.get(pid) ?? []) visit(child);
  };
  visit(root);
  return total;
}

/** The postmaster of an embedded cluster (its data directory's postmaster.pid), if any. */
export function postmasterPid(dataDir: string | undefined): number | null {
  if (!dataDir) return null;
  const file = path.join(dataDir, "postmaster.pid");
  return existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : null;
}
