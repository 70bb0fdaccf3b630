import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import type pg from "pg";
import { respondWith, type TestReceiver } from "../../test-support/receiver";
import { E2E } from "./env";

/**
 * A name no other test (or worker, or earlier run against the same deployment) uses. Tests
 * subscribe their destinations to event types made from it, so events one test ingests never
 * fan out to another test's destinations while they run side by side.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A destination as the management API takes it (its field names are the table's). */
export interface DestinationSettings {
  name: string;
  url: string;
  event_types: string[];
  retry_max?: number;
  retry_backoff_ms?: number;
  batch_size?: number;
  timeout_ms?: number;
  enabled?: boolean;
}

export interface CreatedDestination {
  id: string;
  signingSecret: string;
}

/**
 * Creates a destination through the management API (`POST /api/v1/destinations`).
 *
 * Tests that drive retries use the largest backoff (1 h): the dispatcher then never brings a
 * failed row back by itself while the test runs (another worker's cron run would otherwise
 * add attempts at random moments), and the test makes rows due when it wants with
 * `makeRetriesDue`.
 */
export async function createDestinationViaApi(
  api: APIRequestContext,
  settings: DestinationSettings,
): Promise<CreatedDestination> {
  const response = await api.post("/api/v1/destinations", {
    data: { retry_backoff_ms: 3_600_000, timeout_ms: 5_000, ...settings },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { destination: { id: string }; signing_secret: string };
  return { id: body.destination.id, signingSecret: body.signing_secret };
}

export interface EventInput {
  event_type: string;
  payload: Record<string, unknown>;
  event_category?: string;
  content?: string;
}

/**
 * Ingests events through `POST /api/v1/events` (one request, up to 500) and returns the activity
 * log ids. The `api` fixture's key manages; ingesting takes the seed's ingest key.
 */
export async function ingestEvents(
  api: APIRequestContext,
  events: EventInput[],
): Promise<{ id: string; deliveries: number }[]> {
  const response = await api.post("/api/v1/events", {
    data: { events },
    headers: { authorization: `Bearer ${E2E.apiKey}` },
  });
  expect(response.status(), await response.text()).toBe(202);
  return ((await response.json()) as { events: { id: string; deliveries: number }[] }).events;
}

export interface DeliveryRow {
  id: string;
  status: "pending" | "delivered" | "failed" | "dead";
  attempts: number;
  log_id: string;
  event_type: string;
  created_at: Date;
}

/** The destination's deliveries in the table's default order (newest first, id as the tie-breaker). */
export async function deliveriesOf(db: pg.Pool, destinationId: string): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT d.id, d.status, d.attempts, d.log_id, l.event_type, d.created_at
       FROM webhook_deliveries d JOIN activity_logs l ON l.id = d.log_id
      WHERE d.destination_id = $1 ORDER BY d.created_at DESC, d.id DESC`,
    [destinationId],
  );
  return rows;
}

export interface FailedWebhookRow {
  id: string;
  status: "pending" | "retried" | "failed_permanently";
  attempt_count: number;
  delivery_id: string;
}

export async function failedWebhooksOf(db: pg.Pool, destinationId: string): Promise<FailedWebhookRow[]> {
  const { rows } = await db.query<FailedWebhookRow>(
    `SELECT id::text AS id, status::text AS status, attempt_count, webhook_payload_json->>'delivery_id' AS delivery_id
       FROM failed_webhooks WHERE webhook_payload_json->>'destination_id' = $1 ORDER BY id`,
    [destinationId],
  );
  return rows;
}

/**
 * Skips a backoff wait: the destination's failed rows that are waiting for their retry become
 * due now. Only rows scheduled more than 10 minutes out are touched — those wait for the (1 h)
 * backoff. A row another worker's cron run has just claimed carries a lease of 5 minutes
 * instead, and moving that lease would let two dispatchers send it at once.
 */
export async function makeRetriesDue(db: pg.Pool, destinationId: string): Promise<number> {
  const result = await db.query(
    "UPDATE webhook_deliveries SET next_retry_at = now() WHERE destination_id = $1 AND status = 'failed' AND next_retry_at > " +
      "now() + interval '10 minutes'",
    [destinationId],
  );
  return result.rowCount ?? 0;
}

/**
 * Time for a test that makes its data through the API and runs the cron route several times.
 * Each cron run also carries the other worker's due rows and the seed's retries, on a server
 * that shares two cores with both browsers; 60 s (the config's default) left too little slack.
 */
export const DISPATCHING_TEST_TIMEOUT = 120_000;

export type RunCron = () => Promise<{ claimed: number; delivered: number; failed: number; dead: number }>;

/**
 * Runs the cron route until `done` holds for the destination's deliveries. With `skipBackoff`
 * (the default) each round first makes waiting retries due (`makeRetriesDue`). Other workers'
 * cron runs may take some of these rows meanwhile; the end state is the same either way.
 */
export async function dispatchUntil(
  db: pg.Pool,
  runCron: RunCron,
  destinationId: string,
  done: (rows: DeliveryRow[]) => boolean,
  { skipBackoff = true, timeout = 45_000 }: { skipBackoff?: boolean; timeout?: number } = {},
): Promise<DeliveryRow[]> {
  await expect
    .poll(
      async () => {
        if (skipBackoff) await makeRetriesDue(db, destinationId);
        await runCron();
        return done(await deliveriesOf(db, destinationId));
      },
      { timeout, intervals: [0, 100, 250, 500] },
    )
    .toBe(true);
  return deliveriesOf(db, destinationId);
}

/** Dispatches (skipping backoff waits) until every delivery of the destination is in one of `statuses`. */
export function dispatchUntilSettled(
  db: pg.Pool,
  runCron: RunCron,
  destinationId: string,
  statuses: DeliveryRow["status"][],
): Promise<DeliveryRow[]> {
  return dispatchUntil(
    db,
    runCron,
    destinationId,
    (rows) => rows.length > 0 && rows.every((r) => statuses.includes(r.status)),
  );
}

/**
 * One dead delivery and its dead letter for a fresh destination, made the real way: the
 * receiver answers 500, retry_max is 1, and the cron route runs. Leaves the receiver failing.
 */
export async function createDeadLetter(
  api: APIRequestContext,
  receiver: TestReceiver,
  runCron: RunCron,
  db: pg.Pool,
  prefix: string,
): Promise<{
  name: string;
  eventType: string;
  destination: CreatedDestination;
  delivery: DeliveryRow;
  letter: FailedWebhookRow;
}> {
  const name = uniqueName(prefix);
  const eventType = `${name}.event`;
  receiver.respond(respondWith(500, '{"error":"down"}'));
  const destination = await createDestinationViaApi(api, {
    name,
    url: receiver.url,
    event_types: [eventType],
    retry_max: 1,
  });
  await ingestEvents(api, [{ event_type: eventType, payload: { n: 1 } }]);
  const [delivery] = await dispatchUntilSettled(db, runCron, destination.id, ["dead"]);
  const [letter] = await failedWebhooksOf(db, destination.id);
  expect(letter, "the dead delivery has a dead letter").toBeDefined();
  return { name, eventType, destination, delivery: delivery!, letter: letter! };
}
