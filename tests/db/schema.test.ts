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
  relationOnUpdate?: string;
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
  it("agree column for column: name, type, length, timestamp precision, nullability and defaults", async () => {
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
    // information_schema says "timestamp without time zone" for timestamp and timestamp(6) alike;
    // the declared precision is only in the type modifier.
    const { rows: declaredRows } = await db.pool.query<{ key: string; type: string }>(
      `SELECT c.relname || '.' || a.attname AS key, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    const declared = new Map(declaredRows.map((r) => [r.key, r.type]));
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
        if (field.type === "DateTime") {
          const [native = "Timestamp", args = ["3"]] = field.nativeType ?? [];
          const zone = native === "Timestamptz" ? "with time zone" : "without time zone";
          const type = args.length ? `timestamp(${args[0]}) ${zone}` : `timestamp ${zone}`;
          if (declared.get(key) !== type) mismatches.push(`${key}: declared ${declared.get(key)}, model says ${type}`);
        }
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

  it("agree on foreign keys and their ON DELETE and ON UPDATE actions", async () => {
    const db = await useFreshDatabase();
    const { rows } = await db.pool.query<{
      table_name: string;
      column_name: string;
      delete_rule: string;
      update_rule: string;
    }>(
      `SELECT kcu.table_name, kcu.column_name, rc.delete_rule, rc.update_rule
         FROM information_schema.referential_constraints rc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.table_schema = 'public'`,
    );
    const actual = new Map(
      rows.map((r) => [`${r.table_name}.${r.column_name}`, `${r.delete_rule} / ${r.update_rule}`]),
    );
    const sql = (action: string) =>
      ({ Cascade: "CASCADE", SetNull: "SET NULL", Restrict: "RESTRICT", NoAction: "NO ACTION" })[action] ?? "NO ACTION";
    const expected = new Map<string, string>();
    for (const model of dmmf.datamodel.models) {
      for (const field of model.fields.filter((f) => f.kind === "object" && f.relationFromFields?.length)) {
        const column = model.fields.find((f) => f.name === field.relationFromFields![0])!;
        // Prisma's defaults when the schema names no action: no action on delete here (every
        // relation names one), CASCADE on update.
        const rule = `${sql(field.relationOnDelete ?? "NoAction")} / ${sql(field.relationOnUpdate ?? "Cascade")}`;
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

// What the seed documents fix for their four tables, by name and definition as PostgreSQL prints
// them back. The seeds' SQL is not in this repository; /work/shared/DESIGN.md ("Data model")
// describes it, and these lists say it in PostgreSQL's words: names are the ones PostgreSQL gives
// the seed's inline REFERENCES / CHECK / UNIQUE, references carry the ON DELETE action the app
// has always had and no ON UPDATE one (a seed never writes one), timestamps are plain `timestamp`.
// Indexes and CHECKs the product adds beyond these are free to change; these are not.
const SEED_CONSTRAINTS: Record<string, Record<string, string>> = {
  activity_logs: {
    activity_logs_pkey: "PRIMARY KEY (id)",
    activity_logs_org_id_fkey: "FOREIGN KEY (org_id) REFERENCES organizations(id) ON DELETE CASCADE",
    activity_logs_employee_id_fkey: "FOREIGN KEY (employee_id) REFERENCES employees(id) ON DELETE SET NULL",
  },
  webhook_destinations: {
    webhook_destinations_pkey: "PRIMARY KEY (id)",
    webhook_destinations_org_id_fkey: "FOREIGN KEY (org_id) REFERENCES organizations(id) ON DELETE CASCADE",
    webhook_destinations_created_by_fkey: "FOREIGN KEY (created_by) REFERENCES users(id) ON DELETE SET NULL",
  },
  webhook_deliveries: {
    webhook_deliveries_pkey: "PRIMARY KEY (id)",
    webhook_deliveries_destination_id_fkey:
      "FOREIGN KEY (destination_id) REFERENCES webhook_destinations(id) ON DELETE CASCADE",
    webhook_deliveries_log_id_fkey: "FOREIGN KEY (log_id) REFERENCES activity_logs(id) ON DELETE CASCADE",
    webhook_deliveries_status_check:
      "CHECK (((status)::text = ANY ((ARRAY['pending'::character varying, 'delivered'::character varying, 'failed'::character " +
      "varying, 'dead'::character varying])::text[])))",
    webhook_deliveries_destination_id_log_id_key: "UNIQUE (destination_id, log_id)",
  },
  failed_webhooks: {
    failed_webhooks_pkey: "PRIMARY KEY (id)",
    failed_webhooks_attempt_count_check: "CHECK (((attempt_count >= 0) AND (attempt_count <= 255)))",
  },
};

/** Tables whose product CHECKs (auth type, batch size, timeout, retries) come on top of the seed's. */
const CONSTRAINTS_BEYOND_THE_SEED = new Set(["webhook_destinations"]);

const SEED_INDEXES: Record<string, string> = {
  activity_logs_pkey: "CREATE UNIQUE INDEX activity_logs_pkey ON public.activity_logs USING btree (id)",
  webhook_destinations_pkey:
    "CREATE UNIQUE INDEX webhook_destinations_pkey ON public.webhook_destinations USING btree (id)",
  webhook_deliveries_pkey: "CREATE UNIQUE INDEX webhook_deliveries_pkey ON public.webhook_deliveries USING btree (id)",
  webhook_deliveries_destination_id_log_id_key:
    "CREATE UNIQUE INDEX webhook_deliveries_destination_id_log_id_key ON public.webhook_deliveries USING btree (destination_id, log_id)",
  idx_webhook_deliveries_destination:
    "CREATE INDEX idx_webhook_deliveries_destination ON public.webhook_deliveries USING btree (destination_id)",
  idx_webhook_deliveries_log:
    "CREATE INDEX idx_webhook_deliveries_log ON public.webhook_deliveries USING btree (log_id)",
  idx_webhook_deliveries_pending:
    "CREATE INDEX idx_webhook_deliveries_pending ON public.webhook_deliveries USING btree (status, next_retry_at) " +
    "WHERE ((status)::text = ANY ((ARRAY['pending'::character varying, 'failed'::character varying])::text[]))",
  failed_webhooks_pkey: "CREATE UNIQUE INDEX failed_webhooks_pkey ON public.failed_webhooks USING btree (id)",
  idx_failed_webhooks_status: "CREATE INDEX idx_failed_webhooks_status ON public.failed_webhooks USING btree (status)",
};

// Every column, in order: name, declared type, NOT NULL, default.
const SEED_COLUMNS: Record<string, string[]> = {
  activity_logs: [
    "id uuid NOT NULL DEFAULT gen_random_uuid()",
    "org_id uuid NOT NULL",
    "employee_id uuid",
    "session_id uuid",
    "client_name character varying(100)",
    "client_version character varying(50)",
    "event_type character varying(100) NOT NULL",
    "event_category character varying(50)",
    "content text",
    "payload jsonb NOT NULL DEFAULT '{}'::jsonb",
    "created_at timestamp without time zone NOT NULL DEFAULT now()",
  ],
  webhook_destinations: [
    "id uuid NOT NULL DEFAULT gen_random_uuid()",
    "org_id uuid NOT NULL",
    "name character varying(100) NOT NULL",
    "url text NOT NULL",
    "auth_type character varying(50) NOT NULL DEFAULT 'none'::character varying",
    "auth_config jsonb",
    "event_types text[] NOT NULL DEFAULT '{}'::text[]",
    "event_filter jsonb",
    "enabled boolean NOT NULL DEFAULT true",
    "batch_size integer NOT NULL DEFAULT 1",
    "timeout_ms integer NOT NULL DEFAULT 10000",
    "retry_max integer NOT NULL DEFAULT 5",
    "retry_backoff_ms integer NOT NULL DEFAULT 30000",
    "signing_secret character varying(255) NOT NULL",
    "created_by uuid",
    "created_at timestamp without time zone NOT NULL DEFAULT now()",
    "updated_at timestamp without time zone NOT NULL DEFAULT now()",
  ],
  webhook_deliveries: [
    "id uuid NOT NULL DEFAULT gen_random_uuid()",
    "destination_id uuid NOT NULL",
    "log_id uuid NOT NULL",
    "status character varying(50) NOT NULL DEFAULT 'pending'::character varying",
    "attempts integer NOT NULL DEFAULT 0",
    "last_attempt_at timestamp without time zone",
    "next_retry_at timestamp without time zone",
    "response_status integer",
    "response_body text",
    "error_message text",
    "created_at timestamp without time zone NOT NULL DEFAULT now()",
    "delivered_at timestamp without time zone",
  ],
  // The MySQL seed carried over: BIGINT AUTO_INCREMENT → identity, TINYINT UNSIGNED → smallint
  // with the CHECK above, ENUM → a PostgreSQL enum type.
  failed_webhooks: [
    "id bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY",
    "webhook_payload_json jsonb NOT NULL",
    "error_message text",
    "attempt_count smallint NOT NULL DEFAULT 0",
    "last_attempt_at timestamp without time zone",
    "status failed_webhook_status NOT NULL DEFAULT 'pending'::failed_webhook_status",
    "created_at timestamp without time zone NOT NULL DEFAULT now()",
    "updated_at timestamp without time zone NOT NULL DEFAULT now()",
  ],
};

const SEED_TABLES = Object.keys(SEED_COLUMNS);

describe("the seed's four tables, to the letter", () => {
  it("have the seed's constraints, by name, type and definition (webhook_destinations may add CHECKs)", async () => {
    const db = await useFreshDatabase();
    const { rows } = await db.pool.query<{ table: string; name: string; type: string; def: string }>(
      `SELECT c.conrelid::regclass::text AS table, c.conname AS name, c.contype AS type, pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c
        WHERE c.conrelid::regclass::text = ANY($1::text[]) AND c.contype <> 'n'`,
      [SEED_TABLES],
    );
    for (const [table, expected] of Object.entries(SEED_CONSTRAINTS)) {
      const actual = Object.fromEntries(rows.filter((r) => r.table === table).map((r) => [r.name, r.def]));
      if (CONSTRAINTS_BEYOND_THE_SEED.has(table)) {
        expect(actual, table).toMatchObject(expected);
        const extras = rows.filter((r) => r.table === table && !(r.name in expected));
        expect(
          extras.map((r) => `${r.name} ${r.type}`).filter((e) => !e.endsWith(" c")),
          `${table}: only CHECKs added`,
        ).toEqual([]);
      } else expect(actual, table).toEqual(expected);
    }
    // A UNIQUE constraint (contype u), not only a unique index.
    expect(rows.find((r) => r.name === "webhook_deliveries_destination_id_log_id_key")?.type).toBe("u");
  });

  it("carry the seed's indexes under the seed's names and definitions", async () => {
    const db = await useFreshDatabase();
    const { rows } = await db.pool.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1::text[])",
      [SEED_TABLES],
    );
    const actual = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
    const seeds = Object.fromEntries(Object.keys(SEED_INDEXES).map((name) => [name, actual[name] ?? "(missing)"]));
    expect(seeds).toEqual(SEED_INDEXES);
    // The names the migrations used before the seed's: gone, not kept beside them.
    expect(Object.keys(actual)).not.toContain("idx_webhook_deliveries_destination_id");
    expect(Object.keys(actual)).not.toContain("idx_webhook_deliveries_log_id");
  });

  it("keep the seed's columns: name, order, declared type, NOT NULL and default", async () => {
    const db = await useFreshDatabase();
    const { rows } = await db.pool.query<{ table: string; column: string }>(
      `SELECT c.relname AS table,
              concat_ws(' ', a.attname, format_type(a.atttypid, a.atttypmod),
                        CASE WHEN a.attnotnull THEN 'NOT NULL' END,
                        'DEFAULT ' || pg_get_expr(d.adbin, d.adrelid),
                        CASE a.attidentity WHEN 'd' THEN 'GENERATED BY DEFAULT AS IDENTITY' WHEN 'a' THEN 'GENERATED ALWAYS AS IDENTITY'
                          END) AS column
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relname = ANY($1::text[]) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum`,
      [SEED_TABLES],
    );
    const actual = Object.fromEntries(
      SEED_TABLES.map((table) => [table, rows.filter((r) => r.table === table).map((r) => r.column)]),
    );
    expect(actual).toEqual(SEED_COLUMNS);
  });
});
