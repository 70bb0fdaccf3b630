import "server-only";
import { insertAuditRow, updateAuditDetails, type AuditEntry } from "../audit/record-audit";
import { trusted, type Sql } from "../db/sql";
import { withTransaction } from "../db/transaction";
import type { BulkProgress } from "./bulk-target";

export const BULK_BATCH_SIZE = 1000;
/**
 * A batch's transaction limits: Prisma's defaults (2 s to get a connection, 5 s in all) would
 * roll back a 1,000-row batch on a busy database that the pg transaction before it let finish.
 */
const BATCH_TRANSACTION = { maxWait: 5_000, timeout: 30_000 };
/** `LIMIT <BULK_BATCH_SIZE>` as literal text in a batch statement, as it has always been written. */
export const BATCH_LIMIT = trusted(`LIMIT ${BULK_BATCH_SIZE}`);

/** What a batch statement answers, in one row. */
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
  build: (afterId: string | null) => Sql,
  options: RunBatchesOptions,
): Promise<BatchTotals> {
  let after: string | null = null;
  const totals: BatchTotals = { changed: 0, extra: 0 };
  let auditId: number | null = null;
  for (;;) {
    const statement = build(after);
    const row = await withTransaction(async (tx) => {
      const [batch] = await tx.$queryRaw<[BatchRow]>(statement);
      if (batch.changed > 0) {
        const details = options.audit.details({
          changed: totals.changed + batch.changed,
          extra: totals.extra + batch.extra,
        });
        if (auditId === null) auditId = await insertAuditRow({ ...options.audit.entry, details }, tx);
        else await updateAuditDetails(auditId, details, tx);
      }
      return batch;
    }, BATCH_TRANSACTION);
    totals.changed += row.changed;
    totals.extra += row.extra;
    options.onBatch?.(row);
    options.onProgress?.(totals.changed);
    if (row.scanned < BULK_BATCH_SIZE || !row.last_id) return totals;
    after = row.last_id;
  }
}
