import { isUuid } from "../api/ids";
import { insertAuditRowWithPgClient, type AuditEntry } from "../audit/record-audit";
import { withPgClientTransaction } from "../db/pg-client-transaction";
import { ValidationError } from "../errors";
import { deliveryConditions, type OrgDestinations } from "./delivery-conditions";
import type { DeliveryFilter } from "./delivery-filter";

/** Which deliveries a bulk action applies to: a selection, or everything matching a filter. */
export type DeliveryTarget = { ids: string[] } | { filter: DeliveryFilter };

/** Called after each committed batch with the running total of rows changed. */
export type BulkProgress = (done: number) => void;

export const BULK_BATCH_SIZE = 1000;
export const MAX_SELECTED_IDS = 10_000;

/** Conditions selecting the target within the org; malformed ids simply match nothing. */
export function targetConditions(org: OrgDestinations, target: DeliveryTarget, params: unknown[]): string[] {
  if ("ids" in target) {
    if (target.ids.length > MAX_SELECTED_IDS)
      throw new ValidationError(`At most ${MAX_SELECTED_IDS} ids at once; use a filter for more`, {
        ids: ["Too many ids"],
      });
    params.push(org.ids);
    const scope = `d.destination_id = ANY ($${params.length}::uuid[])`;
    params.push(target.ids.filter(isUuid));
    return [scope, `d.id = ANY ($${params.length}::uuid[])`];
  }
  return deliveryConditions(org, target.filter, params);
}

/** For audit details: which rows an action was asked to touch, without dumping 10,000 ids. */
export function describeTarget(
  target: DeliveryTarget | { ids: string[] } | { filter: unknown },
): Record<string, unknown> {
  return "ids" in target ? { ids: target.ids.slice(0, 100), selected: target.ids.length } : { filter: target.filter };
}

export interface BatchRow {
  last_id: string | null;
  scanned: number;
  changed: number;
  /** A second count the statement reports (dead letters touched, rows skipped, …). */
  extra: number;
  [column: string]: unknown;
}

export interface BatchTotals {
  changed: number;
  extra: number;
}

/** The audit entry of a bulk action; `details` is rebuilt from the running totals after each batch. */
export interface BatchAudit {
  entry: Omit<AuditEntry, "details">;
  details: (totals: BatchTotals) => Record<string, unknown>;
}

export interface RunBatchesOptions {
  audit: BatchAudit;
  onProgress?: BulkProgress;
  onBatch?: (row: BatchRow) => void;
}

/**
 * Runs a batch statement until it reports a short batch. Each statement locks up to
 * BULK_BATCH_SIZE rows with FOR UPDATE SKIP LOCKED (rows a dispatcher is claiming right now
 * are skipped, not waited for), changes them and commits on its own, so "retry all 1.2M
 * matching" never holds one giant transaction. Batches walk the primary key (`id > $after`),
 * which also guarantees that a row the action itself just changed is not visited twice.
 *
 * The action's one audit row is written in the transaction of the first batch that changed
 * something, and its counts are brought up to date in each later batch's transaction: the
 * audit log then states exactly what was committed (even if the action stops half-way), and
 * an action that changed nothing (a refused retry, an empty selection) leaves no entry.
 */
export async function runBatches(
  build: (afterId: string | null) => { text: string; values: unknown[] },
  options: RunBatchesOptions,
): Promise<BatchTotals> {
  let after: string | null = null;
  const totals: BatchTotals = { changed: 0, extra: 0 };
  let auditId: number | null = null;
  for (;;) {
    const { text, values } = build(after);
    const row = await withPgClientTransaction(async (client) => {
      const { rows } = await client.query<BatchRow>(text, values);
      const batch = rows[0]!;
      if (batch.changed > 0) {
        const details = options.audit.details({
          changed: totals.changed + batch.changed,
          extra: totals.extra + batch.extra,
        });
        if (auditId === null) auditId = await insertAuditRowWithPgClient({ ...options.audit.entry, details }, client);
        else await client.query("UPDATE audit_logs SET details = $2 WHERE id = $1", [auditId, JSON.stringify(details)]);
      }
      return batch;
    });
    totals.changed += row.changed;
    totals.extra += row.extra;
    options.onBatch?.(row);
    options.onProgress?.(totals.changed);
    if (row.scanned < BULK_BATCH_SIZE || !row.last_id) return totals;
    after = row.last_id;
  }
}
