import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { closeHttpAgent } from "../../lib/dispatcher/http-sender";
import { startReceiver, type Responder, type TestReceiver } from "../../test-support/receiver";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createOrg } from "../helpers/fixtures";

/** What a dispatcher test file stands on: its own database, an organization and a receiver on 127.0.0.1. */
export interface DispatchTestbed {
  /** The file's fresh, migrated database, which is the app's DATABASE_URL while the file runs. */
  readonly db: TestDatabase;
  /** The database's assertion pool (separate from the app's own). */
  readonly pool: pg.Pool;
  readonly orgId: string;
  readonly receiver: TestReceiver;
}

/**
 * Registers the file's beforeAll/afterAll and returns the testbed they fill: call it at the top
 * of the file and read its fields inside hooks and tests (reading one earlier throws, rather than
 * handing out undefined). `responder` is how the receiver answers until a test says otherwise;
 * `receiver: false` for a file that sends nothing.
 */
export function useDispatchTestbed(options: { responder?: Responder; receiver?: boolean } = {}): DispatchTestbed {
  const parts: Partial<{ db: TestDatabase; orgId: string; receiver: TestReceiver }> = {};
  const ready = <K extends keyof typeof parts>(key: K): NonNullable<(typeof parts)[K]> => {
    const value = parts[key];
    if (key === "receiver" && options.receiver === false) throw new Error("This dispatch testbed has no receiver");
    if (value === undefined) throw new Error(`The dispatch testbed's ${key} is read before its beforeAll ran`);
    return value as NonNullable<(typeof parts)[K]>;
  };
  beforeAll(async () => {
    parts.db = await useFreshDatabase();
    parts.orgId = await createOrg(parts.db.pool);
    if (options.receiver !== false) parts.receiver = await startReceiver(options.responder);
  });
  afterAll(async () => {
    await parts.receiver?.close();
    await closeHttpAgent();
  });
  return {
    get db() {
      return ready("db");
    },
    get pool() {
      return ready("db").pool;
    },
    get orgId() {
      return ready("orgId");
    },
    get receiver() {
      return ready("receiver");
    },
  };
}

/** Activity logs plus one pending delivery each for the destination; returns the delivery ids in creation order. */
export async function seedDeliveries(
  pool: pg.Pool,
  orgId: string,
  destinationId: string,
  count: number,
  eventType = "user.login",
  status = "pending",
): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `WITH logs AS (
       INSERT INTO activity_logs (org_id, event_type, event_category, content, payload, created_at)
       SELECT $1, $3, 'test', 'event ' || g, jsonb_build_object('n', g), now() - make_interval(secs => $2 - g)
         FROM generate_series(1, $2::int) g
       RETURNING id, created_at)
     INSERT INTO webhook_deliveries (destination_id, log_id, created_at, status)
     SELECT $4, id, created_at, $5 FROM logs ORDER BY created_at
     RETURNING id`,
    [orgId, count, eventType, destinationId, status],
  );
  return rows.map((r) => r.id);
}

/** Makes deliveries due now (skipping the backoff a test does not want to wait for). */
export async function makeDue(pool: pg.Pool, ids?: string[]): Promise<void> {
  await pool.query(
    `UPDATE webhook_deliveries SET next_retry_at = now() - interval '1 millisecond'
      WHERE status IN ('pending', 'failed') AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))`,
    [ids ?? null],
  );
}

export interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  next_retry_at: Date | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  response_status: number | null;
  response_body: string | null;
  error_message: string | null;
}

export async function deliveryRow(pool: pg.Pool, id: string): Promise<DeliveryRow> {
  const { rows } = await pool.query<DeliveryRow>("SELECT * FROM webhook_deliveries WHERE id = $1", [id]);
  return rows[0]!;
}

export interface AttemptRow {
  delivery_id: string;
  attempt_number: number;
  started_at: Date;
  duration_ms: number;
  request_url: string;
  request_headers: Record<string, string>;
  batch_size: number;
  response_status: number | null;
  response_headers: Record<string, unknown> | null;
  response_body: string | null;
  error: string | null;
  outcome: string;
}

export async function attemptRows(pool: pg.Pool, deliveryId: string): Promise<AttemptRow[]> {
  const { rows } = await pool.query<AttemptRow>(
    "SELECT * FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt_number",
    [deliveryId],
  );
  return rows;
}

/** Seconds between now (database clock) and a delivery's next_retry_at. */
export async function secondsUntilRetry(pool: pg.Pool, id: string): Promise<number> {
  const { rows } = await pool.query<{ s: number }>(
    "SELECT extract(epoch FROM next_retry_at - now())::float8 AS s FROM webhook_deliveries WHERE id = $1",
    [id],
  );
  return rows[0]!.s;
}
