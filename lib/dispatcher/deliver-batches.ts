import type { Logger } from "../log/logger";
import { countCredentialFailures, observeSend } from "../ops/metrics";
import { retryDelayMs } from "./backoff";
import type { ClaimedDelivery, DestinationForSend } from "./claimed-delivery";
import type { DispatchDb } from "./cycle-transaction";
import { loadDestinationCredentials, signatureHeader, type DestinationCredentials } from "./destination-credentials";
import { DestinationQueueWait } from "./destination-queue-wait";
import { dispatchConfig } from "./dispatch-config";
import { deliveryLogger, dispatchLogger } from "./dispatch-log";
import { eventEnvelopeJson, type EventEnvelope } from "./event-envelope";
import { sendWebhook, type SendResult } from "./http-sender";
import { recordOutcomes, type DeliveryOutcome } from "./record-outcomes";
import { releaseLeases, type Release } from "./release-leases";
import { Semaphore } from "./semaphore";
import { sendTraced } from "./send-traced";
import { webhookMessageId } from "./webhook-id";

export const USER_AGENT = "Hookline/1.0";

/** Deliveries of one destination that go out in one request. */
export interface DeliveryBatch {
  destination: DestinationForSend;
  deliveries: ClaimedDelivery[];
}

export interface DeliverOptions {
  /**
   * Where outcomes and releases are written: the cycle's transaction that holds the claimed
   * rows (see withCycleTransaction); a test send passes the pool.
   */
  db: DispatchDb;
  /** Stop starting requests (graceful shutdown); requests already sent still finish. */
  signal?: AbortSignal;
  /** Epoch ms after which no new request starts (the cron route's budget). */
  deadline?: number;
  /** Where lines about these deliveries go (the cron route passes its request's logger). */
  log?: Logger;
  /** Called once when some destination's credentials could not be decrypted (the ticker re-checks the key). */
  onCredentialFailure?: () => void;
  /**
   * Set by dispatch cycles (DISPATCH_QUEUE_WAIT_MS): batches still waiting for their destination's
   * slot this long after the cycle began are handed back, due again at the pace the destination
   * answers, so one slow receiver holds neither the cycle nor its lane. A test send waits instead.
   */
  queueWaitMs?: number;
  /**
   * false: the cycle's span is not recording (tracing off, or the trace not sampled), so the
   * requests get no span of their own — a no-op span still costs a few µs per request.
   */
  traced?: boolean;
}

export interface BatchReport {
  batch: DeliveryBatch;
  /** null when the batch was not sent and its lease was released. */
  result: SendResult | null;
}

export interface DeliverResult {
  delivered: number;
  failed: number;
  dead: number;
  released: number;
  stale: number;
  reports: BatchReport[];
}

/** Never start a request that could still be running when its claim ends. */
const LEASE_SAFETY_MS = 500;

/**
 * Deliveries whose destination's secrets cannot be decrypted come due again after this: not at
 * once, which would spin the dispatcher on them, and not later than an operator fixing the key
 * would expect.
 */
export const CREDENTIAL_RETRY_DELAY_MS = 30_000;

// Shared by every cycle in this process (ticker, cron calls, test sends), so the limits hold
// for the process as a whole.
const globalLimiter = new Semaphore(32);
const destinationLimiters = new Map<string, Semaphore>();

function destinationLimiter(id: string, max: number): Semaphore {
  let limiter = destinationLimiters.get(id);
  if (!limiter) {
    limiter = new Semaphore(max);
    destinationLimiters.set(id, limiter);
  }
  limiter.max = max;
  return limiter;
}

/** Claim order kept; each destination's deliveries cut into chunks of its batch_size. */
export function groupIntoBatches(claimed: ClaimedDelivery[]): DeliveryBatch[] {
  const open = new Map<string, DeliveryBatch>();
  const batches: DeliveryBatch[] = [];
  for (const delivery of claimed) {
    const destination = delivery.destination;
    let batch = open.get(destination.id);
    if (!batch || batch.deliveries.length >= destination.batchSize) {
      batch = { destination, deliveries: [] };
      open.set(destination.id, batch);
      batches.push(batch);
    }
    batch.deliveries.push(delivery);
  }
  return batches;
}

const REDACTED = "[redacted]";
const MESSAGE_HEADERS = new Set(["webhook-id", "webhook-timestamp", "webhook-signature"]);

interface FixedHeaders {
  /** What every request to the destination carries before its message headers, as name, value, … */
  sent: string[];
  /**
   * The same as stored in attempt rows (secrets and the signature redacted), as JSON text
   * without its closing brace: each request adds its message id and timestamp.
   */
  storedJsonHead: string;
}

// Built once per destination's credentials (which are reused while unchanged), not per request.
const fixedHeadersOf = new WeakMap<DestinationCredentials, FixedHeaders>();

function fixedHeaders(credentials: DestinationCredentials): FixedHeaders {
  let fixed = fixedHeadersOf.get(credentials);
  if (!fixed) {
    const sent = { "content-type": "application/json", "user-agent": USER_AGENT, ...credentials.authHeaders };
    const stored: Record<string, string> = { "webhook-signature": REDACTED };
    for (const [name, value] of Object.entries(sent))
      stored[name] = credentials.secretHeaderNames.includes(name) ? REDACTED : value;
    // The message headers are added per request; input validation already refuses them as
    // custom header names, and a stored one must not go out twice.
    const flat = Object.entries(sent).filter(([name]) => !MESSAGE_HEADERS.has(name.toLowerCase()));
    fixed = { sent: flat.flat(), storedJsonHead: JSON.stringify(stored).slice(0, -1) };
    fixedHeadersOf.set(credentials, fixed);
  }
  return fixed;
}

function deadLetterEnvelope(
  delivery: ClaimedDelivery,
  attempts: number,
  envelope: EventEnvelope,
): Record<string, unknown> {
  const d = delivery.destination;
  return {
    delivery_id: delivery.id,
    destination_id: d.id,
    destination_name: d.name,
    log_id: delivery.logId,
    org_id: d.orgId,
    event_type: delivery.event.type,
    url: d.url,
    attempts,
    body: envelope,
  };
}

interface PreparedRequest {
  /** Name, value, … (see SendRequest). */
  headers: string[];
  /** The headers as an attempt row stores them, JSON text. */
  storedHeadersJson: string;
  body: string;
  /** Each delivery's envelope as JSON text. */
  envelopes: string[];
}

function prepareRequest(batch: DeliveryBatch, credentials: DestinationCredentials): PreparedRequest {
  const envelopes = batch.deliveries.map(eventEnvelopeJson);
  // A destination configured for batches always gets an array, even with one event in it.
  const body = batch.destination.batchSize > 1 ? `[${envelopes.join(",")}]` : envelopes[0]!;
  const messageId = webhookMessageId(batch.deliveries.map((d) => d.id));
  const timestamp = new Date();
  const seconds = String(Math.floor(timestamp.getTime() / 1000));
  const fixed = fixedHeaders(credentials);
  const headers = [
    ...fixed.sent,
    "webhook-id",
    messageId,
    "webhook-timestamp",
    seconds,
    "webhook-signature",
    signatureHeader(credentials.signers, messageId, timestamp, body),
  ];
  // The message id is a UUID or `batch_` + hex and the timestamp digits: nothing to escape.
  const storedHeadersJson = `${fixed.storedJsonHead},"webhook-id":"${messageId}","webhook-timestamp":"${seconds}"}`;
  return { headers, storedHeadersJson, body, envelopes };
}

/**
 * One line per delivery that did not get through (a batch's outcome applies to each of its
 * deliveries, and each is looked up by its own id). Successes only at debug: they are the bulk.
 */
function logOutcome(
  log: Logger,
  batch: DeliveryBatch,
  delivery: ClaimedDelivery,
  outcome: DeliveryOutcome,
  result: SendResult,
): void {
  if (outcome.status === "delivered") {
    if (log.isLevelEnabled("debug"))
      deliveryLogger(log, delivery).debug(
        { attempt: outcome.attempts, responseStatus: result.status, durationMs: result.durationMs },
        "delivered",
      );
    return;
  }
  if (!log.isLevelEnabled("warn")) return;
  const fields = {
    attempt: outcome.attempts,
    retryMax: batch.destination.retryMax,
    outcome: result.outcome,
    responseStatus: result.status,
    error: result.error,
    durationMs: result.durationMs,
    batchSize: batch.deliveries.length,
  };
  if (outcome.status === "dead")
    deliveryLogger(log, delivery).error(fields, "delivery failed its last attempt; dead-lettered");
  else
    deliveryLogger(log, delivery).warn(
      { ...fields, retryInMs: outcome.retryDelayMs },
      result.outcome === "blocked"
        ? "delivery blocked by the address guard; will retry"
        : "delivery attempt failed; will retry",
    );
}

/**
 * Sends every batch (bounded per destination and per process), then writes all outcomes and
 * attempt rows in one statement and hands back what it did not send.
 */
export async function deliverBatches(batches: DeliveryBatch[], options: DeliverOptions): Promise<DeliverResult> {
  const config = dispatchConfig();
  const log = options.log ?? dispatchLogger;
  globalLimiter.max = config.concurrency;
  const credentials = new Map<string, DestinationCredentials | Error>();
  const outcomes: DeliveryOutcome[] = [];
  const unsent: ClaimedDelivery[] = [];
  /**
   * Deliveries of destinations whose secrets this process cannot decrypt (a wrong or rotated
   * APP_ENCRYPTION_KEY): a problem of this process, not of the receiver, so they are handed back
   * unsent and uncounted instead of burning a retry — and one line per destination says why.
   */
  const undecryptable = new Map<string, { error: Error; deliveries: ClaimedDelivery[] }>();
  /** Destinations that answered 410 Gone, with the deliveries whose request got it. */
  const gone = new Map<string, ClaimedDelivery[]>();
  const reports: BatchReport[] = [];
  const queueWait = new DestinationQueueWait(options.queueWaitMs);

  const credentialsFor = (destination: DestinationForSend): DestinationCredentials | Error => {
    let entry = credentials.get(destination.id);
    if (!entry) {
      try {
        entry = loadDestinationCredentials(destination);
      } catch (error) {
        entry = error instanceof Error ? error : new Error(String(error));
      }
      credentials.set(destination.id, entry);
    }
    return entry;
  };

  const applyResult = (batch: DeliveryBatch, result: SendResult, prepared: PreparedRequest) => {
    const destination = batch.destination;
    if (result.status === 410) gone.set(destination.id, [...(gone.get(destination.id) ?? []), ...batch.deliveries]);
    batch.deliveries.forEach((delivery, index) => {
      const attemptNumber = delivery.attempts + 1;
      const delivered = result.outcome === "delivered";
      const dead = !delivered && attemptNumber >= destination.retryMax;
      const outcome: DeliveryOutcome = {
        deliveryId: delivery.id,
        leaseToken: delivery.leaseToken,
        status: delivered ? "delivered" : dead ? "dead" : "failed",
        attempts: attemptNumber,
        responseStatus: result.status,
        responseBody: result.body,
        error: result.error,
        retryDelayMs:
          delivered || dead ? null : (result.retryAfterMs ?? retryDelayMs(attemptNumber, destination.retryBackoffMs)),
        deadLetter: dead
          ? deadLetterEnvelope(delivery, attemptNumber, JSON.parse(prepared.envelopes[index]!) as EventEnvelope)
          : null,
        startedAt: result.startedAt,
        durationMs: result.durationMs,
        requestUrl: destination.url,
        requestHeadersJson: prepared.storedHeadersJson,
        batchSize: batch.deliveries.length,
        responseHeaders: result.headers,
        outcome: result.outcome,
      };
      outcomes.push(outcome);
      logOutcome(log, batch, delivery, outcome, result);
    });
  };

  const runBatch = async (batch: DeliveryBatch): Promise<void> => {
    const destination = batch.destination;
    const perDestination = destinationLimiter(destination.id, config.destinationConcurrency);
    // Waiting for the destination's slot first means a batch queued behind a slow receiver
    // holds no process-wide slot while it waits.
    const destinationSlot = queueWait.acquire(perDestination, destination.id);
    if (destinationSlot && !(await destinationSlot)) {
      // The destination could not take it soon: handed back at its pace (see DestinationQueueWait).
      queueWait.defer(batch);
      reports.push({ batch, result: null });
      if (perDestination.idle) destinationLimiters.delete(destination.id);
      return;
    }
    const processSlot = globalLimiter.acquire();
    if (processSlot) await processSlot;
    try {
      const now = Date.now();
      let leaseEnds = Infinity;
      for (const d of batch.deliveries) leaseEnds = Math.min(leaseEnds, d.leaseExpiresAt);
      const mustNotStart =
        options.signal?.aborted ||
        (options.deadline !== undefined && now >= options.deadline) ||
        now + destination.timeoutMs + LEASE_SAFETY_MS > leaseEnds;
      if (mustNotStart) {
        unsent.push(...batch.deliveries);
        reports.push({ batch, result: null });
        return;
      }
      const creds = credentialsFor(destination);
      if (creds instanceof Error) {
        const entry = undecryptable.get(destination.id) ?? { error: creds, deliveries: [] };
        entry.deliveries.push(...batch.deliveries);
        undecryptable.set(destination.id, entry);
        reports.push({ batch, result: null });
        return;
      }
      const prepared = prepareRequest(batch, creds);
      const request = {
        url: destination.url,
        headers: prepared.headers,
        body: prepared.body,
        timeoutMs: destination.timeoutMs,
      };
      const result =
        options.traced === false
          ? await sendWebhook(request)
          : await sendTraced(batch.deliveries, destination.id, request);
      observeSend(result.outcome, result.durationMs);
      queueWait.recordSend(destination.id, result.durationMs);
      applyResult(batch, result, prepared);
      reports.push({ batch, result });
    } catch (error) {
      // sendWebhook reports failures as results; anything thrown here is a bug in preparing the
      // request. Hand the rows back rather than lose the whole cycle's outcomes.
      for (const d of batch.deliveries)
        deliveryLogger(log, d).error({ err: error }, "could not prepare the request; handing the delivery back");
      unsent.push(...batch.deliveries);
      reports.push({ batch, result: null });
    } finally {
      globalLimiter.release();
      perDestination.release();
      if (perDestination.idle) destinationLimiters.delete(destination.id);
    }
  };

  await Promise.all(batches.map(runBatch));
  const releases: Release[] = unsent.map((d) => ({ id: d.id, leaseToken: d.leaseToken }));
  for (const { deliveries } of undecryptable.values())
    for (const d of deliveries)
      releases.push({ id: d.id, leaseToken: d.leaseToken, delayMs: CREDENTIAL_RETRY_DELAY_MS });
  releases.push(...queueWait.releases(config.destinationConcurrency, log));
  const [recorded, released] = await Promise.all([
    recordOutcomes(options.db, outcomes, [...gone.keys()]),
    releaseLeases(options.db, releases),
  ]);
  for (const [destinationId, { error, deliveries }] of undecryptable) {
    countCredentialFailures(deliveries.length);
    log.error(
      { destinationId, deliveries: deliveries.length, err: error.message },
      "cannot use the destination's credentials (is APP_ENCRYPTION_KEY the app's?); deliveries handed back unsent, no attempt counted",
    );
  }
  if (undecryptable.size) options.onCredentialFailure?.();
  for (const deliveries of gone.values()) {
    for (const d of deliveries)
      deliveryLogger(log, d).warn({ responseStatus: 410 }, "receiver answered 410 Gone; destination disabled");
  }
  if (recorded.staleIds.length) {
    const stale = new Set(recorded.staleIds);
    for (const batch of batches) {
      for (const d of batch.deliveries) {
        if (stale.has(d.id))
          deliveryLogger(log, d).warn("outcome not recorded: the delivery was changed while this dispatcher held it");
      }
    }
  }
  // Unsent rows: the cron budget ran out, the process is stopping, or the claim was too short
  // for the destination's timeout. They are due again now, for this or another dispatcher.
  for (const d of unsent) deliveryLogger(log, d).info("claim handed back unsent");
  return {
    delivered: recorded.delivered,
    failed: recorded.failed,
    dead: recorded.dead,
    stale: recorded.stale,
    released,
    reports,
  };
}
