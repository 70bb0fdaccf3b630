import pg from "pg";

// timestamp columns hold UTC without a zone; parse them as UTC, not as server-local time.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (value) => new Date(`${value.replace(" ", "T")}Z`));
// bigint ids (failed_webhooks, attempts) fit in a JS number for any realistic table size.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return url;
}

/**
 * Every connection runs with TimeZone=UTC: the tables use `timestamp without time zone`, and
 * now() must mean the same instant on every app instance whatever the server's default.
 */
/** Connections per process when DB_POOL_SIZE is not set. */
export const DEFAULT_DB_POOL_SIZE = 10;

export function createPool(
  url = databaseUrl(),
  max = Number(process.env.DB_POOL_SIZE || DEFAULT_DB_POOL_SIZE),
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    options: "-c TimeZone=UTC",
    application_name: process.env.HOOKLINE_PROCESS_NAME || "hookline",
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on("error", () => {});
  return pool;
}
