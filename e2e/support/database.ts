import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { E2E } from "./env";

/** The app's own database, for asserting what the UI did: DATABASE_URL given, or the embedded one the launcher announced. */
export function e2eDatabaseUrl(): string {
  if (process.env.E2E_DATABASE_URL) return process.env.E2E_DATABASE_URL;
  const runtime = JSON.parse(readFileSync(path.join(E2E.dataDir, "runtime.json"), "utf8")) as { url: string };
  return runtime.url;
}

export function openDatabase(): pg.Pool {
  return new pg.Pool({ connectionString: e2eDatabaseUrl(), max: 2, options: "-c TimeZone=UTC" });
}
