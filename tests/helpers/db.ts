import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { closeDb } from "../../lib/db/client";

export interface TestDatabase {
  url: string;
  name: string;
  /** A small pool for assertions, separate from the app's own. */
  pool: pg.Pool;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, migrated database cloned from the run's template, made the app's DATABASE_URL for
 * this test file, and dropped when the file ends.
 */
export async function useFreshDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("adminDatabaseUrl");
  const template = inject("templateDatabase");
  const name = `hookline_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(
    options.migrated === false ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`,
  );
  await admin.end();
  const url = withDatabase(adminUrl, name);
  await closeDb();
  process.env.DATABASE_URL = url;
  const pool = new pg.Pool({ connectionString: url, max: 4, options: "-c TimeZone=UTC" });
  afterAll(async () => {
    await closeDb();
    await pool.end();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  });
  return { url, name, pool };
}

/** The audit log's actions, oldest first, for an organisation or for one target. */
export async function auditActions(pool: pg.Pool, of: { orgId: string } | { targetId: string }): Promise<string[]> {
  const [column, value] = "orgId" in of ? ["org_id", of.orgId] : ["target_id", of.targetId];
  const { rows } = await pool.query<{ action: string }>(
    `SELECT action FROM audit_logs WHERE ${column} = $1 ORDER BY id`,
    [value],
  );
  return rows.map((row) => row.action);
}
