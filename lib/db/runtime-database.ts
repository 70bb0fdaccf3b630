import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "../config/data-dir";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";

interface RuntimeFile {
  pid: number;
  url: string;
}

function runtimeFile(): string {
  return path.join(dataDir(), "runtime.json");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The embedded database another process of ours (the launcher) is already serving. */
export function runningEmbeddedUrl(): string | null {
  const file = runtimeFile();
  if (!existsSync(file)) return null;
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as RuntimeFile;
    return alive(data.pid) ? data.url : null;
  } catch {
    return null;
  }
}

export function announceEmbeddedUrl(url: string): void {
  writeFileSync(runtimeFile(), JSON.stringify({ pid: process.pid, url } satisfies RuntimeFile), { mode: 0o600 });
}

export function withdrawEmbeddedUrl(): void {
  rmSync(runtimeFile(), { force: true });
}

export interface ResolvedDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
  release(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded cluster in $DATA_DIR/pg — reusing the one a
 * running launcher serves, or starting it for the duration of this command.
 */
export async function resolveDatabase(log: (line: string) => void = () => {}): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null, release: async () => {} };
  const running = runningEmbeddedUrl();
  if (running) {
    process.env.DATABASE_URL = running;
    return { url: running, embedded: null, release: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({ dir: path.join(dataDir(), "pg"), log: (l) => log(l) });
  process.env.DATABASE_URL = embedded.url;
  return { url: embedded.url, embedded, release: () => embedded.stop() };
}
