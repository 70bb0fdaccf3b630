import "server-only";
import { stringify } from "csv-stringify/sync";
import type { DeliveryFilter, DeliverySort } from "./delivery-filter";
import { listDeliveries, type DeliveryListRow } from "./list-deliveries";

export type ExportFormat = "csv" | "ndjson";

const EXPORT_PAGE_SIZE = 1000;

const COLUMNS = [
  "id",
  "created_at",
  "status",
  "destination_id",
  "destination_name",
  "event_type",
  "log_id",
  "attempts",
  "response_status",
  "error_message",
  "last_attempt_at",
  "next_retry_at",
  "delivered_at",
] as const;

function record(row: DeliveryListRow): Record<(typeof COLUMNS)[number], string | number | null> {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    created_at: iso(row.createdAt),
    status: row.status,
    destination_id: row.destinationId,
    destination_name: row.destinationName,
    event_type: row.eventType,
    log_id: row.logId,
    attempts: row.attempts,
    response_status: row.responseStatus,
    error_message: row.errorMessage,
    last_attempt_at: iso(row.lastAttemptAt),
    next_retry_at: iso(row.nextRetryAt),
    delivered_at: iso(row.deliveredAt),
  };
}

/**
 * The filtered deliveries as CSV or NDJSON, one chunk of lines per keyset page: memory stays
 * flat whatever the size, and each page is as cheap as the first. CSV quoting is
 * csv-stringify's (commas, quotes and newlines in error messages are common), and so is the
 * escaping of cells a spreadsheet would run as a formula (= + - @, tab, CR: an ingest key
 * chooses event types and a lead names destinations; the export is opened by an admin).
 */
export async function* exportDeliveries(
  orgId: string,
  filter: DeliveryFilter,
  format: ExportFormat,
  sort?: DeliverySort,
): AsyncGenerator<string> {
  let cursor: string | null = null;
  let first = true;
  do {
    const page = await listDeliveries(orgId, filter, { sort, cursor, direction: "next", limit: EXPORT_PAGE_SIZE });
    const records = page.rows.map(record);
    if (format === "csv") {
      if (first || records.length)
        yield stringify(records, { header: first, columns: [...COLUMNS], escape_formulas: true });
    } else if (records.length) {
      yield records.map((r) => JSON.stringify(r)).join("\n") + "\n";
    }
    first = false;
    cursor = page.nextCursor;
  } while (cursor);
}

/** The same lines as a web stream, for a route handler's Response body. */
export function exportDeliveriesStream(
  orgId: string,
  filter: DeliveryFilter,
  format: ExportFormat,
  sort?: DeliverySort,
): ReadableStream<Uint8Array> {
  const iterator = exportDeliveries(orgId, filter, format, sort);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
}
