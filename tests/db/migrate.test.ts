import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, appendFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MigrationChecksumError, migrateDatabase, readMigrations } from "../../lib/db/migrate";
import { useFreshDatabase } from "../helpers/db";

describe("migrations", () => {
  it("apply to an empty database, record what prisma migrate deploy records, and are a no-op the second time", async () => {
    const db = await useFreshDatabase({ migrated: false });
    const first = await migrateDatabase(db.url);
    const onDisk = readMigrations();
    expect(first.applied).toEqual(onDisk.map((m) => m.name));
    const { rows } = await db.pool.query(
      "SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows).toHaveLength(onDisk.length);
    for (const [i, m] of onDisk.entries()) {
      expect(rows[i].migration_name).toBe(m.name);
      expect(rows[i].checksum).toBe(createHash("sha256").update(m.sql).digest("hex"));
      expect(rows[i].finished_at).not.toBeNull();
      expect(rows[i].applied_steps_count).toBe(1);
      expect(rows[i].rolled_back_at).toBeNull();
    }
    const second = await migrateDatabase(db.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(onDisk.length);
    const count = await db.pool.query("SELECT count(*)::int AS n FROM _prisma_migrations");
    expect(count.rows[0].n).toBe(onDisk.length);
  });

  it("run concurrently without conflict: each migration is applied exactly once", async () => {
    const db = await useFreshDatabase({ migrated: false });
    const results = await Promise.all([
      migrateDatabase(db.url),
      migrateDatabase(db.url),
      migrateDatabase(db.url),
      migrateDatabase(db.url),
    ]);
    const appliedNames = results.flatMap((r) => r.applied);
    expect(appliedNames.sort()).toEqual(
      readMigrations()
        .map((m) => m.name)
        .sort(),
    );
    const { rows } = await db.pool.query(
      "SELECT migration_name, count(*)::int AS n FROM _prisma_migrations GROUP BY migration_name",
    );
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it("refuse a migration modified after it was applied, with a clear message", async () => {
    const db = await useFreshDatabase({ migrated: false });
    await migrateDatabase(db.url);
    const dir = mkdtempSync(path.join(os.tmpdir(), "hookline-migrations-"));
    cpSync(path.resolve("prisma/migrations"), dir, { recursive: true });
    const first = readdirSync(dir)
      .filter((n) => !n.endsWith(".toml"))
      .sort()[0]!;
    appendFileSync(path.join(dir, first, "migration.sql"), "\n-- edited afterwards\n");
    const attempt = migrateDatabase(db.url, { dir });
    await expect(attempt).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(migrateDatabase(db.url, { dir })).rejects.toThrow(/was modified after it was applied/);
  });

  it("roll back a failing migration and leave no record of it", async () => {
    const db = await useFreshDatabase({ migrated: false });
    const dir = mkdtempSync(path.join(os.tmpdir(), "hookline-migrations-"));
    cpSync(path.resolve("prisma/migrations"), dir, { recursive: true });
    const bad = path.join(dir, "99991231000000_broken");
    cpSync(
      path.join(
        dir,
        readdirSync(dir)
          .filter((n) => !n.endsWith(".toml"))
          .sort()[0]!,
      ),
      bad,
      { recursive: true },
    );
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path.join(bad, "migration.sql"), "CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n");
    await expect(migrateDatabase(db.url, { dir })).rejects.toThrow(/99991231000000_broken failed/);
    const { rows } = await db.pool.query(
      "SELECT to_regclass('half_done') AS t, (SELECT count(*)::int FROM _prisma_migrations WHERE migration_name = " +
        "'99991231000000_broken') AS n",
    );
    expect(rows[0]).toEqual({ t: null, n: 0 });
  });
});
