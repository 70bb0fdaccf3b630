import { ingestTraceparents } from "../telemetry/ingest-trace-context";
import { inSpan } from "../telemetry/spans";
import { claimDueDeliveries } from "./claim-due-deliveries";
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

/** Claim what is due, send it, write the outcomes. */
export async function runDispatchCycle(options: DeliverOptions = {}): Promise<DispatchCounts> {
  const started = performance.now();
  const counts = emptyCounts();
  if (options.signal?.aborted) return counts;
  const config = dispatchConfig();
  const claimed = await claimDueDeliveries(config.claimLimit, config.leaseMs);
  counts.claimed = claimed.length;
  if (claimed.length === 0) {
    counts.durationMs = Math.round(performance.now() - started);
    return counts;
  }
  // A span only for cycles that claimed something: an idle dispatcher looks every 250 ms.
  const result = await inSpan("dispatch cycle", { "hookline.claimed": claimed.length }, async (span) => {
    const traceparents = await ingestTraceparents(claimed.map((d) => d.logId));
    for (const delivery of claimed) delivery.ingestTraceparent = traceparents.get(delivery.logId);
    const delivered = await deliverBatches(groupIntoBatches(claimed), options);
    span.setAttributes({
      "hookline.delivered": delivered.delivered,
      "hookline.failed": delivered.failed,
      "hookline.dead": delivered.dead,
    });
    return delivered;
  });
  counts.delivered = result.delivered;
  counts.failed = result.failed;
  counts.dead = result.dead;
  counts.durationMs = Math.round(performance.now() - started);
  // Stale outcomes mean another dispatcher took rows over after this one's lease ran out:
  // a lease too short for the receivers, worth a warning.
  const log = options.log ?? dispatchLogger;
  const summary = { ...counts, released: result.released, stale: result.stale };
  if (result.stale > 0) log.warn(summary, "dispatch cycle: outcomes of rows whose lease had ended were not applied");
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
