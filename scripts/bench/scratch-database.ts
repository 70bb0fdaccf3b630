import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface ScratchDatabase {
  url: string;
  /** The embedded cluster's data directory (absent for a database on DATABASE_URL). */
  dataDir?: string;
  drop(): Promise<void>;
}

/**
 * A database a benchmark may fill and throw away: a fresh database on DATABASE_URL's server
 * when that is set (dropped afterwards), else an embedded cluster in a temp directory — or in
 * `keepDir`, which is kept, so seeded data survives between runs.
 */
export async function scratchDatabase(label: string, options: { keepDir?: string } = {}): Promise<ScratchDatabase> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const name = `hookline_bench_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: given });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(given);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: given });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  // Imported only here: a run against DATABASE_URL never loads the embedded binaries.
  const { startEmbeddedPostgres } = await import("../../lib/db/embedded");
  const dir = options.keepDir
    ? path.resolve(options.keepDir)
    : mkdtempSync(path.join(os.tmpdir(), `hookline-bench-${label}-`));
  const embedded = await startEmbeddedPostgres({ dir, ephemeralDurability: true });
  return {
    url: embedded.url,
    dataDir: dir,
    drop: async () => {
      await embedded.stop();
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
