import { ingestTraceparents } from "../telemetry/ingest-trace-context";
import { inSpan } from "../telemetry/spans";
import { claimDueDeliveries } from "./claim-due-deliveries";
import { withCycleTransaction } from "./cycle-transaction";
import { deliverBatches, groupIntoBatches, type DeliverOptions } from "./deliver-batches";
import { dispatchConfig } from "./dispatch-config";
import { dispatchLogger } from "./dispatch-log";

export interface DispatchCounts {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
  durationMs: number;
}

export function emptyCounts(): DispatchCounts {
  return { claimed: 0, delivered: 0, failed: 0, dead: 0, durationMs: 0 };
}

/**
 * Claim what is due, send it, write the outcomes — in one transaction whose row locks are the
 * claim (see withCycleTransaction).
 */
export async function runDispatchCycle(options: Omit<DeliverOptions, "db"> = {}): Promise<DispatchCounts> {
  const started = performance.now();
  const counts = emptyCounts();
  if (options.signal?.aborted) return counts;
  const config = dispatchConfig();
  // Most claims hold their rows for DISPATCH_LEASE_MS: the idle limit goes out with BEGIN, and
  // only a claim covering a destination whose timeout is longer needs a statement of its own.
  const result = await withCycleTransaction(
    async (tx) => {
      const claimed = await claimDueDeliveries(tx.client, config.claimLimit, config.leaseMs);
      counts.claimed = claimed.length;
      if (claimed.length === 0) return null;
      // Requests never start past the claim's end (see deliverBatches), so the transaction is idle
      // no longer than that; past it, a frozen dispatcher's session is ended and its rows freed.
      const holdMs = Math.max(...claimed.map((d) => d.leaseExpiresAt)) - Date.now();
      if (holdMs > config.leaseMs) await tx.limitIdle(holdMs);
      // A span only for cycles that claimed something: an idle dispatcher looks every 250 ms.
      return inSpan("dispatch cycle", { "hookline.claimed": claimed.length }, async (span) => {
        const traceparents = await ingestTraceparents(claimed.map((d) => d.logId));
        for (const delivery of claimed) delivery.ingestTraceparent = traceparents.get(delivery.logId);
        const delivered = await deliverBatches(groupIntoBatches(claimed), {
          ...options,
          db: tx.client,
          traced: span.isRecording(),
          queueWaitMs: config.queueWaitMs,
        });
        span.setAttributes({
          "hookline.delivered": delivered.delivered,
          "hookline.failed": delivered.failed,
          "hookline.dead": delivered.dead,
        });
        return delivered;
      });
    },
    { idleMs: config.leaseMs },
  );
  counts.durationMs = Math.round(performance.now() - started);
  if (!result) return counts;
  counts.delivered = result.delivered;
  counts.failed = result.failed;
  counts.dead = result.dead;
  const log = options.log ?? dispatchLogger;
  const summary = { ...counts, released: result.released, stale: result.stale };
  // Claimed rows are locked until the outcomes are written, so none should be stale; one that
  // is means something else rewrote a locked row's schedule — worth a warning.
  if (result.stale > 0) log.warn(summary, "dispatch cycle: outcomes of rows changed meanwhile were not applied");
  else log.debug(summary, "dispatch cycle");
  return counts;
}

function add(total: DispatchCounts, cycle: DispatchCounts): void {
  total.claimed += cycle.claimed;
  total.delivered += cycle.delivered;
  total.failed += cycle.failed;
  total.dead += cycle.dead;
}

/**
 * Cycles back to back (in DISPATCH_LANES parallel lanes) until nothing is due, the budget is
 * spent, or the signal stops it. No request starts after the budget; requests already running
 * finish, so the call can outlast the budget by at most the slowest destination's timeout.
 */
export async function runDispatchFor(
  budgetMs = dispatchConfig().budgetMs,
  options: Pick<DeliverOptions, "signal" | "log" | "onCredentialFailure"> = {},
): Promise<DispatchCounts> {
  const started = performance.now();
  const deadline = Date.now() + budgetMs;
  const total = emptyCounts();
  let idle = false;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (!idle && !options.signal?.aborted && Date.now() < deadline) {
      try {
        const cycle = await runDispatchCycle({ ...options, deadline });
        add(total, cycle);
        // One empty claim means the queue is drained; the other lanes finish their cycle and stop.
        if (cycle.claimed === 0) idle = true;
      } catch (error) {
        // The other lanes finish what they hold before the error is reported.
        failure ??= { error };
        idle = true;
      }
    }
  };
  await Promise.all(Array.from({ length: dispatchConfig().lanes }, lane));
  if (failure) throw (failure as { error: unknown }).error;
  total.durationMs = Math.round(performance.now() - started);
  return total;
}
