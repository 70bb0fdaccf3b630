import type pg from "pg";

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
