import type { Logger } from "../log/logger";
import type { DeliveryBatch } from "./deliver-batches";
import type { Release } from "./release-leases";
import type { Semaphore, Waiter } from "./semaphore";

const SETTLED_FALSE = Promise.resolve(false);

/** ms per request per destination, as this process saw it lately (a moving average); bounded. */
const knownPaces = new Map<string, number>();
const KNOWN_PACES_LIMIT = 10_000;

/**
 * How long one cycle's batches wait for their destination's slot (DISPATCH_QUEUE_WAIT_MS). A
 * cycle writes its outcomes only when its last batch is done, so a batch queued behind a slow
 * receiver's few slots used to hold the whole cycle — its lane, and every other destination's
 * outcomes in it — for as long as the claim lasted. Past the wait, the batches still queued are
 * withdrawn and handed back untried, each due when the destination can plausibly take it: the
 * k-th after ⌈k / slots⌉ of the answer times the cycle saw from it. When the process already
 * knows the destination's pace and every slot is taken, a batch that could not start within the
 * wait is handed back at once instead of waiting for the wait to run out — so a lane whose claim
 * is a busy destination's backlog works through it in milliseconds, not a wait per claim.
 */
export class DestinationQueueWait {
  private readonly started = Date.now();
  private readonly waits = new Set<Waiter>();
  private readonly limiters = new Set<Semaphore>();
  private timer: NodeJS.Timeout | undefined;
  /** Withdrawn batches per destination, in the order they queued. */
  private readonly deferred = new Map<string, DeliveryBatch[]>();
  /** Per destination: batches already queued for its slots when this cycle first handed one back at once. */
  private readonly queuedAhead = new Map<string, number>();
  /** Requests answered (or failed) per destination in this cycle, and their total time. */
  private readonly paces = new Map<string, { sends: number; totalMs: number }>();

  /** `waitMs` undefined: batches wait as long as it takes (a test send). */
  constructor(private readonly waitMs: number | undefined) {}

  /**
   * Takes the destination's slot: at once (undefined) when one is free, else a promise of true
   * when one is handed over, or of false when the wait ran out — the caller then hands the
   * batch to `defer`.
   */
  acquire(limiter: Semaphore, destinationId: string): Promise<boolean> | undefined {
    if (this.waitMs === undefined) return limiter.acquire();
    const pace = knownPaces.get(destinationId);
    if (pace !== undefined && limiter.busy && Math.ceil((limiter.queued + 1) / limiter.max) * pace > this.waitMs) {
      if (!this.queuedAhead.has(destinationId)) this.queuedAhead.set(destinationId, limiter.queued);
      return SETTLED_FALSE;
    }
    const slot = limiter.acquire(this.waits);
    if (slot) {
      this.limiters.add(limiter);
      this.timer ??= setTimeout(() => this.withdraw(), Math.max(0, this.started + this.waitMs - Date.now()));
    }
    return slot;
  }

  /** A batch whose wait ran out, to be handed back by `releases`. */
  defer(batch: DeliveryBatch): void {
    const id = batch.destination.id;
    const batches = this.deferred.get(id);
    if (batches) batches.push(batch);
    else this.deferred.set(id, [batch]);
  }

  recordSend(destinationId: string, durationMs: number): void {
    const pace = this.paces.get(destinationId) ?? { sends: 0, totalMs: 0 };
    pace.sends += 1;
    pace.totalMs += durationMs;
    this.paces.set(destinationId, pace);
    const known = knownPaces.get(destinationId);
    if (known === undefined && knownPaces.size >= KNOWN_PACES_LIMIT) knownPaces.clear();
    knownPaces.set(destinationId, known === undefined ? durationMs : known * 0.7 + durationMs * 0.3);
  }

  /** Called once the cycle's batches are done: the withdrawn ones as releases, one log line per destination. */
  releases(slots: number, log: Logger): Release[] {
    clearTimeout(this.timer);
    const releases: Release[] = [];
    for (const [destinationId, batches] of this.deferred) {
      const pace = this.paces.get(destinationId);
      // This cycle's answers from it, else the process's recent ones; with none, the destination
      // takes at least as long as the cycle waited.
      const perRequestMs = pace
        ? pace.totalMs / pace.sends
        : (knownPaces.get(destinationId) ?? Math.max(1, Date.now() - this.started));
      const ahead = this.queuedAhead.get(destinationId) ?? 0;
      let dueInMs = 0;
      batches.forEach((batch, position) => {
        dueInMs = Math.ceil((ahead + position + 1) / Math.max(1, slots)) * perRequestMs;
        for (const d of batch.deliveries) releases.push({ id: d.id, leaseToken: d.leaseToken, delayMs: dueInMs });
      });
      log.info(
        {
          destinationId,
          deliveries: batches.reduce((n, b) => n + b.deliveries.length, 0),
          perRequestMs: Math.round(perRequestMs),
          lastDueInMs: Math.round(dueInMs),
        },
        "destination busy: deliveries it could not take this cycle handed back, due again at its pace",
      );
    }
    return releases;
  }

  private withdraw(): void {
    for (const limiter of this.limiters) limiter.withdraw(this.waits);
  }
}
