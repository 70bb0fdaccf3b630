import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { useFreshDatabase } from "../helpers/db";

const require = createRequire(import.meta.url);
// Prisma's own schema parser (the WASM build its CLI uses), so the test reads the models the
// way Prisma does rather than with a regex.
const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };

interface DmmfField {
  name: string;
  dbName?: string;
  kind: "scalar" | "object" | "enum";
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  nativeType?: [string, string[]] | null;
  relationOnDelete?: string;
  relationFromFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  uniqueIndexes: { name: string | null; fields: string[] }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; dbName: string | null; values: { name: string }[] }[] };
}

const dmmf = JSON.parse(
  wasm.get_dmmf(JSON.stringify({ prismaSchema: readFileSync("prisma/schema.prisma", "utf8") })),
) as Dmmf;

function expectedColumnType(field: DmmfField): { dataType: string; length?: number; udt?: string } {
  if (field.kind === "enum") {
    const e = dmmf.datamodel.enums.find((x) => x.name === field.type)!;
    return { dataType: "USER-DEFINED", udt: e.dbName ?? e.name };
  }
  if (field.isList) {
    if (field.type === "String")
      return { dataType: "ARRAY", udt: field.nativeType?.[0] === "Uuid" ? "_uuid" : "_text" };
    return { dataType: "ARRAY", udt: `_${field.type.toLowerCase()}` };
  }
  const native = field.nativeType?.[0];
  switch (field.type) {
    case "String":
      if (native === "Uuid") return { dataType: "uuid" };
      if (native === "VarChar") return { dataType: "character varying", length: Number(field.nativeType![1][0]) };
      return { dataType: "text" };
    case "Int":
      return { dataType: native === "SmallInt" ? "smallint" : "integer" };
    case "BigInt":
      return { dataType: "bigint" };
    case "Boolean":
      return { dataType: "boolean" };
    case "DateTime":
      return { dataType: native === "Timestamptz" ? "timestamp with time zone" : "timestamp without time zone" };
    case "Json":
      return { dataType: native === "Json" ? "json" : "jsonb" };
    default:
      throw new Error(`no mapping for ${field.type}`);
  }
}

describe("Prisma models and the migrated database", () => {
  it("agree column for column: name, type, length, nullability and defaults", async () => {
    const db = await useFreshDatabase();
    const { rows } = await db.pool.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      character_maximum_length: number | null;
      is_nullable: "YES" | "NO";
      column_default: string | null;
      is_identity: "YES" | "NO";
    }>(`SELECT table_name, column_name, data_type, udt_name, character_maximum_length, is_nullable, column_default, is_identity
          FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    const columns = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    const modelled = new Set<string>();
    const mismatches: string[] = [];
    for (const model of dmmf.datamodel.models) {
      const table = model.dbName ?? model.name;
      for (const field of model.fields.filter((f) => f.kind !== "object")) {
        const key = `${table}.${field.dbName ?? field.name}`;
        modelled.add(key);
        const column = columns.get(key);
        if (!column) {
          mismatches.push(`${key}: no such column`);
          continue;
        }
        const expected = expectedColumnType(field);
        if (column.data_type !== expected.dataType)
          mismatches.push(`${key}: type ${column.data_type}, model says ${expected.dataType}`);
        if (expected.udt && column.udt_name !== expected.udt)
          mismatches.push(`${key}: udt ${column.udt_name}, model says ${expected.udt}`);
        if (expected.length !== undefined && column.character_maximum_length !== expected.length)
          mismatches.push(`${key}: length ${column.character_maximum_length}, model says ${expected.length}`);
        const nullable = column.is_nullable === "YES";
        // Prisma reports scalar lists as required; this project stores them NOT NULL DEFAULT '{}'.
        if (nullable === field.isRequired)
          mismatches.push(`${key}: nullable=${nullable}, model required=${field.isRequired}`);
        const hasDefault = column.column_default !== null || column.is_identity === "YES";
        if (hasDefault !== field.hasDefaultValue)
          mismatches.push(
            `${key}: default ${column.column_default ?? "none"}, model hasDefault=${field.hasDefaultValue}`,
          );
      }
    }
    for (const key of columns.keys()) if (!modelled.has(key)) mismatches.push(`${key}: column not in any model`);
    expect(mismatches).toEqual([]);
  });

  it("agree on foreign keys and their ON DELETE actions", async () => {
    const db = await useFreshDatabase();
    const { rows } = await db.pool.query<{ table_name: string; column_name: string; delete_rule: string }>(
      `SELECT kcu.table_name, kcu.column_name, rc.delete_rule
         FROM information_schema.referential_constraints rc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.table_schema = 'public'`,
    );
    const actual = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.delete_rule]));
    const expected = new Map<string, string>();
    for (const model of dmmf.datamodel.models) {
      for (const field of model.fields.filter((f) => f.kind === "object" && f.relationFromFields?.length)) {
        const column = model.fields.find((f) => f.name === field.relationFromFields![0])!;
        const rule =
          { Cascade: "CASCADE", SetNull: "SET NULL", Restrict: "RESTRICT", NoAction: "NO ACTION" }[
            field.relationOnDelete ?? "NoAction"
          ] ?? "NO ACTION";
        expected.set(`${model.dbName}.${column.dbName ?? column.name}`, rule);
      }
    }
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
  });

  it("has every unique constraint and index the models name", async () => {
    const db = await useFreshDatabase();
    const { rows } = await db.pool.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    );
    const names = new Set(rows.map((r) => r.indexname));
    for (const name of [
      "webhook_deliveries_destination_id_log_id_key",
      "idx_webhook_deliveries_destination",
      "idx_webhook_deliveries_log",
      "idx_webhook_deliveries_pending",
      "idx_failed_webhooks_status",
      "users_email_key",
      "api_keys_key_hash_key",
    ])
      expect(names, name).toContain(name);
    const pending = rows.find((r) => r.indexname === "idx_webhook_deliveries_pending")!.indexdef;
    expect(pending).toMatch(/\(status, next_retry_at\)/);
    expect(pending).toMatch(/WHERE.*status.*'pending'.*'failed'/);
  });
});

// What the seed documents fix for its four tables (DESIGN.md, "Data model"), by name and
// definition as PostgreSQL prints them back. Indexes the dashboard adds beyond these are free to
// change; these are not.
const SEED_CONSTRAINTS: Record<string, Record<string, string>> = {
  activity_logs: {
    activity_logs_pkey: "PRIMARY KEY (id)",
    activity_logs_org_id_fkey: "FOREIGN KEY (org_id) REFERENCES organizations(id) ON UPDATE CASCADE ON DELETE CASCADE",
    activity_logs_employee_id_fkey:
      "FOREIGN KEY (employee_id) REFERENCES employees(id) ON UPDATE CASCADE ON DELETE SET NULL",
  },
  webhook_destinations: {
    webhook_destinations_pkey: "PRIMARY KEY (id)",
    webhook_destinations_org_id_fkey:
      "FOREIGN KEY (org_id) REFERENCES organizations(id) ON UPDATE CASCADE ON DELETE CASCADE",
    webhook_destinations_created_by_fkey:
      "FOREIGN KEY (created_by) REFERENCES users(id) ON UPDATE CASCADE ON DELETE SET NULL",
  },
  webhook_deliveries: {
    webhook_deliveries_pkey: "PRIMARY KEY (id)",
    webhook_deliveries_destination_id_fkey:
      "FOREIGN KEY (destination_id) REFERENCES webhook_destinations(id) ON UPDATE CASCADE ON DELETE CASCADE",
    webhook_deliveries_log_id_fkey:
      "FOREIGN KEY (log_id) REFERENCES activity_logs(id) ON UPDATE CASCADE ON DELETE CASCADE",
    webhook_deliveries_status_check:
      "CHECK (((status)::text = ANY ((ARRAY['pending'::character varying, 'delivered'::character varying, 'failed'::character varying, 'dead'::character varying])::text[])))",
    webhook_deliveries_destination_id_log_id_key: "UNIQUE (destination_id, log_id)",
  },
  failed_webhooks: {
    failed_webhooks_pkey: "PRIMARY KEY (id)",
    failed_webhooks_attempt_count_check: "CHECK (((attempt_count >= 0) AND (attempt_count <= 255)))",
  },
};

const SEED_INDEXES: Record<string, string> = {
  idx_webhook_deliveries_destination:
    "CREATE INDEX idx_webhook_deliveries_destination ON public.webhook_deliveries USING btree (destination_id)",
  idx_webhook_deliveries_log:
    "CREATE INDEX idx_webhook_deliveries_log ON public.webhook_deliveries USING btree (log_id)",
  idx_webhook_deliveries_pending:
    "CREATE INDEX idx_webhook_deliveries_pending ON public.webhook_deliveries USING btree (status, next_retry_at) " +
    "WHERE ((status)::text = ANY ((ARRAY['pending'::character varying, 'failed'::character varying])::text[]))",
  webhook_deliveries_destination_id_log_id_key:
    "CREATE UNIQUE INDEX webhook_deliveries_destination_id_log_id_key ON public.webhook_deliveries USING btree (destination_id, log_id)",
  idx_failed_webhooks_status: "CREATE INDEX idx_failed_webhooks_status ON public.failed_webhooks USING btree (status)",
};

describe("the seed's four tables, to the letter", () => {
  it("have exactly the seed's constraints, by name, type and definition", async () => {
    const db = await useFreshDatabase();
    const { rows } = await db.pool.query<{ table: string; name: string; type: string; def: string }>(
      `SELECT c.conrelid::regclass::text AS table, c.conname AS name, c.contype AS type, pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c
        WHERE c.conrelid::regclass::text = ANY($1::text[]) AND c.contype <> 'n'`,
      [Object.keys(SEED_CONSTRAINTS)],
    );
    for (const [table, expected] of Object.entries(SEED_CONSTRAINTS)) {
      const actual = Object.fromEntries(rows.filter((r) => r.table === table).map((r) => [r.name, r.def]));
      // webhook_destinations also carries the product's CHECKs on its settings (auth type, batch
      // size, timeout, retries): the seed's constraints must be there as listed, extras may be.
      if (table === "webhook_destinations") expect(actual, table).toMatchObject(expected);
      else expect(actual, table).toEqual(expected);
    }
    // A UNIQUE constraint (contype u), not only a unique index.
    expect(rows.find((r) => r.name === "webhook_deliveries_destination_id_log_id_key")?.type).toBe("u");
  });

  it("carry the seed's indexes under the seed's names and definitions", async () => {
    const db = await useFreshDatabase();
    const { rows } = await db.pool.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1::text[])",
      [Object.keys(SEED_INDEXES)],
    );
    expect(Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]))).toEqual(SEED_INDEXES);
  });

  it("keep the seed's columns: webhook_deliveries exactly as its seed", async () => {
    const db = await useFreshDatabase();
    const { rows } = await db.pool.query<{ column: string; type: string; nullable: string; default: string | null }>(
      `SELECT column_name AS column, data_type AS type, is_nullable AS nullable, column_default AS default
         FROM information_schema.columns WHERE table_name = 'webhook_deliveries' ORDER BY ordinal_position`,
    );
    expect(rows).toEqual([
      { column: "id", type: "uuid", nullable: "NO", default: "gen_random_uuid()" },
      { column: "destination_id", type: "uuid", nullable: "NO", default: null },
      { column: "log_id", type: "uuid", nullable: "NO", default: null },
      { column: "status", type: "character varying", nullable: "NO", default: "'pending'::character varying" },
      { column: "attempts", type: "integer", nullable: "NO", default: "0" },
      { column: "last_attempt_at", type: "timestamp without time zone", nullable: "YES", default: null },
      { column: "next_retry_at", type: "timestamp without time zone", nullable: "YES", default: null },
      { column: "response_status", type: "integer", nullable: "YES", default: null },
      { column: "response_body", type: "text", nullable: "YES", default: null },
      { column: "error_message", type: "text", nullable: "YES", default: null },
      { column: "created_at", type: "timestamp without time zone", nullable: "NO", default: "now()" },
      { column: "delivered_at", type: "timestamp without time zone", nullable: "YES", default: null },
    ]);
  });
});
