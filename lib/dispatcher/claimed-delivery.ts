import type { DispatchDb } from "./cycle-transaction";

/** Everything sending one delivery needs, as a claim (or a test send) returns it. */
export interface ClaimedDelivery {
  id: string;
  logId: string;
  /** Attempts made before this one. */
  attempts: number;
  /**
   * The row's `next_retry_at` as claimed (null for a row never tried): outcomes and releases
   * only apply while it is unchanged. A claim holds its rows locked, so it always is; a test
   * send, which is not in a cycle's transaction, writes a lease there instead.
   */
  leaseToken: string | null;
  /** When the claim ends (no request starts that could outlast it), in this process's clock, measured from before the claim. */
  leaseExpiresAt: number;
  destination: DestinationForSend;
  event: EventForSend;
  /** With tracing on: the traceparent of the ingest request that created the delivery. */
  ingestTraceparent?: string;
}

export interface DestinationForSend {
  id: string;
  orgId: string;
  name: string;
  url: string;
  authType: "none" | "basic" | "bearer" | "header";
  /** As stored: secret fields are `enc:v1:` values. */
  authConfig: Record<string, unknown> | null;
  batchSize: number;
  timeoutMs: number;
  retryMax: number;
  retryBackoffMs: number;
  /** Encrypted. */
  signingSecret: string;
  /** Encrypted; present during the 24 h after a rotation. */
  previousSigningSecret: string | null;
}

export interface EventForSend {
  type: string;
  /** The log's created_at as the envelope's timestamp: ISO 8601, UTC, milliseconds. */
  timestamp: string;
  employeeId: string | null;
  sessionId: string | null;
  clientName: string | null;
  clientVersion: string | null;
  eventCategory: string | null;
  content: string | null;
  /** The payload's JSON text as PostgreSQL wrote it. */
  payloadJson: string;
}

/**
 * The columns a claim returns per delivery; `leased` is a CTE or table of (id, destination_id,
 * log_id, attempts, next_retry_at, lease_ms). The destination's columns are not repeated on
 * every row: a claim of 500 usually covers a handful of destinations, read once each by
 * loadClaimedDeliveries (parsing them per row was a tenth of the dispatcher's CPU per delivery).
 */
export const CLAIMED_COLUMNS = `
  leased.id, leased.destination_id, leased.log_id, leased.attempts, leased.next_retry_at::text AS lease_token,
  leased.lease_ms, a.event_type, to_char(a.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS log_timestamp,
  a.employee_id, a.session_id, a.client_name, a.client_version, a.event_category, a.content, a.payload::text AS payload_json`;

export const CLAIMED_JOINS = `
  JOIN activity_logs a ON a.id = leased.log_id`;

const DESTINATIONS_FOR_SEND_SQL = `
SELECT w.id, w.org_id, w.name, w.url, w.auth_type, w.auth_config, w.batch_size, w.timeout_ms, w.retry_max,
       w.retry_backoff_ms, w.signing_secret, ps.signing_secret AS previous_signing_secret
  FROM webhook_destinations w
  LEFT JOIN destination_previous_secrets ps ON ps.destination_id = w.id AND ps.expires_at > now()
 WHERE w.id = ANY($1::uuid[])`;

export interface ClaimedRow {
  id: string;
  destination_id: string;
  log_id: string;
  attempts: number;
  lease_token: string | null;
  lease_ms: number;
  event_type: string;
  log_timestamp: string;
  employee_id: string | null;
  session_id: string | null;
  client_name: string | null;
  client_version: string | null;
  event_category: string | null;
  content: string | null;
  payload_json: string;
}

interface DestinationRow {
  id: string;
  org_id: string;
  name: string;
  url: string;
  auth_type: DestinationForSend["authType"];
  auth_config: Record<string, unknown> | null;
  batch_size: number;
  timeout_ms: number;
  retry_max: number;
  retry_backoff_ms: number;
  signing_secret: string;
  previous_signing_secret: string | null;
}

function toDestinationForSend(row: DestinationRow): DestinationForSend {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    url: row.url,
    authType: row.auth_type,
    authConfig: row.auth_config,
    batchSize: row.batch_size,
    timeoutMs: row.timeout_ms,
    retryMax: row.retry_max,
    retryBackoffMs: row.retry_backoff_ms,
    signingSecret: row.signing_secret,
    previousSigningSecret: row.previous_signing_secret,
  };
}

function toClaimedDelivery(row: ClaimedRow, destination: DestinationForSend, claimStartedAt: number): ClaimedDelivery {
  return {
    id: row.id,
    logId: row.log_id,
    attempts: row.attempts,
    leaseToken: row.lease_token,
    leaseExpiresAt: claimStartedAt + Number(row.lease_ms),
    destination,
    event: {
      type: row.event_type,
      timestamp: row.log_timestamp,
      employeeId: row.employee_id,
      sessionId: row.session_id,
      clientName: row.client_name,
      clientVersion: row.client_version,
      eventCategory: row.event_category,
      content: row.content,
      payloadJson: row.payload_json,
    },
  };
}

/**
 * Claimed rows with their destinations, read in one statement for all of them. A row whose
 * destination is gone is left out: it was deleted with it. (Inside a cycle that cannot happen —
 * the delete waits for the claim's row locks.)
 */
export async function loadClaimedDeliveries(
  db: DispatchDb,
  rows: ClaimedRow[],
  claimStartedAt: number,
): Promise<ClaimedDelivery[]> {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((row) => row.destination_id))];
  const { rows: destinationRows } = await db.query<DestinationRow>(DESTINATIONS_FOR_SEND_SQL, [ids]);
  const destinations = new Map(destinationRows.map((row) => [row.id, toDestinationForSend(row)]));
  const claimed: ClaimedDelivery[] = [];
  for (const row of rows) {
    const destination = destinations.get(row.destination_id);
    if (destination) claimed.push(toClaimedDelivery(row, destination, claimStartedAt));
  }
  return claimed;
}
