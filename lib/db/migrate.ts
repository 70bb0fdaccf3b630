import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationChecksumError extends Error {}

const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");
// Any constant works; it only has to be the same for every process migrating this database.
const ADVISORY_LOCK_KEY = 72_707_001;

/** Prisma's own bookkeeping table, column for column, so `prisma migrate status` agrees. */
const CREATE_PRISMA_MIGRATIONS = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** The migration folders on disk, in order (names only: no file is read or hashed). */
function migrationNames(dir = MIGRATIONS_DIR): string[] {
  // Read at run time from the checkout; the bundler must not trace the whole project for it.
  return readdirSync(/* turbopackIgnore: true */ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return migrationNames(dir).map((name) => {
    const sql = readFileSync(/* turbopackIgnore: true */ path.join(dir, name, "migration.sql"), "utf8");
    return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
  });
}

/**
 * Applies pending migrations the way `prisma migrate deploy` does (Prisma's CLI needs an
 * engine binary these machines cannot download): in name order, each in its own transaction,
 * recorded in `_prisma_migrations` with the file's sha256. A session-level advisory lock makes
 * concurrent starts queue instead of racing.
 */
export async function migrateDatabase(
  url: string,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const migrations = readMigrations(options.dir);
  const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    await client.query(CREATE_PRISMA_MIGRATIONS);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r.checksum]));
    const failed = rows.filter((r) => !r.finished_at).map((r) => r.migration_name);
    if (failed.length > 0) {
      throw new Error(
        `migration ${failed[0]} started but never finished; fix the database and mark it rolled back before migrating again`,
      );
    }
    for (const m of migrations) {
      const recorded = done.get(m.name);
      if (recorded && recorded !== m.checksum) {
        throw new MigrationChecksumError(
          `migration ${m.name} was modified after it was applied (checksum ${recorded.slice(0, 12)}… in the database, ` +
            `${m.checksum.slice(0, 12)}… on disk). Applied migrations must not change: restore the file and add a new migration ` +
            `instead.`,
        );
      }
    }
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      applied.push(m.name);
      log(`applied migration ${m.name}`);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

// Readiness probes run every few seconds; the migrations on disk only change with a deploy.
let knownMigrationNames: string[] | null = null;

/** The migrations on disk not yet recorded as finished (for readiness checks). */
export async function pendingMigrations(client: pg.Pool | pg.Client, dir?: string): Promise<string[]> {
  const names = dir ? migrationNames(dir) : (knownMigrationNames ??= migrationNames());
  const { rows } = await client
    .query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    .catch(() => ({ rows: [] as { migration_name: string }[] }));
  const done = new Set(rows.map((r) => r.migration_name));
  return names.filter((name) => !done.has(name));
}
