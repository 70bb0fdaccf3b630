import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useFreshDatabase } from "../helpers/db";

const DIR = path.resolve("prisma/migrations");
const SCOPES_MIGRATION = "20261204200000_api_key_scopes";

describe("migration 20261204200000_api_key_scopes", () => {
  it("gives keys that existed before it both scopes (they could do everything), new keys ingest, and refuses any other scope", async () => {
    const db = await useFreshDatabase({ migrated: false });
    const names = readdirSync(DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const apply = async (name: string) => db.pool.query(readFileSync(path.join(DIR, name, "migration.sql"), "utf8"));
    for (const name of names.filter((n) => n < SCOPES_MIGRATION)) await apply(name);
    const org = await db.pool.query<{ id: string }>(
      "INSERT INTO organizations (name, slug) VALUES ('Before', 'before') RETURNING id",
    );
    const orgId = org.rows[0]!.id;
    await db.pool.query("INSERT INTO api_keys (org_id, name, prefix, key_hash) VALUES ($1, 'old', 'hk_old', 'h-old')", [
      orgId,
    ]);

    await apply(SCOPES_MIGRATION);

    const old = await db.pool.query("SELECT scopes FROM api_keys WHERE key_hash = 'h-old'");
    expect(old.rows[0].scopes).toEqual(["ingest", "manage"]);
    await db.pool.query("INSERT INTO api_keys (org_id, name, prefix, key_hash) VALUES ($1, 'new', 'hk_new', 'h-new')", [
      orgId,
    ]);
    const fresh = await db.pool.query("SELECT scopes FROM api_keys WHERE key_hash = 'h-new'");
    expect(fresh.rows[0].scopes).toEqual(["ingest"]);
    for (const scopes of ["{}", "{admin}", "{ingest,manage,ingest}"])
      await expect(
        db.pool.query(
          "INSERT INTO api_keys (org_id, name, prefix, key_hash, scopes) VALUES ($1, 'bad', 'hk_bad', $2, $3)",
          [orgId, `h-${scopes}`, scopes],
        ),
        scopes,
      ).rejects.toThrow(/api_keys_scopes_check/);
  });
});
