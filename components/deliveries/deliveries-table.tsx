"use client";

import "@/lib/validation/zod-in-browser";
import { useFilterQuery } from "@/hooks/use-filter-query";
import { useSearchParams } from "next/navigation";
import { use, useMemo } from "react";
import { countDeliveryTargetsAction } from "@/actions/deliveries";
import { BulkMatchingBar, BulkMatchingDialog, BulkSelectionButtons } from "@/components/data-table/bulk-matching";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableAutoRefresh } from "@/components/data-table/data-table-auto-refresh";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { DataTableSelectionBar, selectedRowIds } from "@/components/data-table/data-table-selection";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { filterKeys, type DataTableFilter } from "@/components/data-table/filters";
import { Popover } from "@/components/ui/popover";
import { useBulkMatching } from "@/hooks/use-bulk-matching";
import { useDataTable } from "@/hooks/use-data-table";
import { useResyncWhenStale } from "@/hooks/use-resync-when-stale";
import { useTableUrl } from "@/hooks/use-table-url";
import { deliverySearchParamsToQuery, parseDeliverySearchParams } from "@/lib/deliveries/delivery-filter";
import type { CountResult } from "@/lib/list/count-with-fallback";
import type { KeysetPage } from "@/lib/list/keyset";
import type { DeliveryListRow } from "@/lib/deliveries/list-deliveries";
import { DELIVERY_BULK_KINDS } from "./delivery-bulk-kinds";
import { deliveryColumns } from "./delivery-columns";

export interface DeliveriesTableData {
  page: KeysetPage<DeliveryListRow>;
  count: CountResult;
  destinations: { id: string; name: string }[];
  eventTypes: string[];
  perPage: number;
  /** The canonical query the server rendered (see useResyncWhenStale). */
  renderedQuery: string;
}

const STATUS_OPTIONS = [
  { label: "Pending", value: "pending" },
  { label: "Delivered", value: "delivered" },
  { label: "Failed (retrying)", value: "failed" },
  { label: "Dead", value: "dead" },
];
const RESPONSE_OPTIONS = [
  { label: "Any 2xx", value: "2xx" },
  { label: "Any 3xx", value: "3xx" },
  { label: "Any 4xx", value: "4xx" },
  { label: "Any 5xx", value: "5xx" },
  { label: "No response", value: "none" },
];
const LINKED_FILTERS = [{ key: "logId", label: "Event" }];

export function DeliveriesTable({ promise, denied }: { promise: Promise<DeliveriesTableData>; denied: string | null }) {
  const { page, count, destinations, eventTypes, perPage, renderedQuery } = use(promise);
  const filters = useMemo<DataTableFilter[]>(
    () => [
      { variant: "text", key: "q", label: "Search error message", placeholder: "Search error message…" },
      { variant: "multiSelect", key: "status", label: "Status", options: STATUS_OPTIONS },
      {
        variant: "multiSelect",
        key: "destinationId",
        label: "Destination",
        options: destinations.map((d) => ({ label: d.name, value: d.id })),
      },
      {
        variant: "combo",
        key: "eventType",
        label: "Event type",
        placeholder: "Event type",
        options: eventTypes.map((t) => ({ label: t, value: t })),
      },
      {
        variant: "combo",
        key: "responseStatus",
        label: "Response status (2xx, 5xx, 404…)",
        placeholder: "Response (5xx, 404)",
        options: RESPONSE_OPTIONS,
      },
      { variant: "number", key: "minAttempts", label: "Attempts at least", placeholder: "Attempts ≥", min: 0 },
      { variant: "dateRange", fromKey: "createdFrom", toKey: "createdTo", label: "Created" },
      { variant: "dateRange", fromKey: "lastAttemptFrom", toKey: "lastAttemptTo", label: "Last attempt" },
    ],
    [destinations, eventTypes],
  );
  const url = useTableUrl([...filterKeys(filters), "logId", "sort", "perPage"], ["cursor", "dir"]);
  const table = useDataTable({
    data: page.rows,
    columns: deliveryColumns,
    getRowId: (r) => r.id,
    url,
    defaultSort: [{ id: "created_at", desc: true }],
    initialHidden: ["next_retry_at"],
  });
  const searchParams = useSearchParams();
  const currentQuery = useMemo(
    () => deliverySearchParamsToQuery(parseDeliverySearchParams(searchParams)).toString(),
    [searchParams],
  );
  useResyncWhenStale(renderedQuery, currentQuery, url.pending);
  const filterQuery = useFilterQuery();
  const bulk = useBulkMatching({ kinds: DELIVERY_BULK_KINDS, countTargets: countDeliveryTargetsAction, filterQuery });
  const selected = selectedRowIds(table);

  return (
    <div className="flex flex-col gap-3">
      <DataTableToolbar table={table} url={url} filters={filters} linkedFilters={LINKED_FILTERS}>
        <DataTableAutoRefresh />
        <Popover label="Export" trigger="Export" align="end" className="w-52">
          <div className="flex flex-col gap-1 text-xs">
            <p className="px-1 pb-1 text-zinc-500 dark:text-zinc-400">
              Every row matching the current filter, in this order.
            </p>
            <a
              className="rounded px-1 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
              href={`/deliveries/export?format=csv${filterQuery ? `&${filterQuery}` : ""}`}
              download
            >
              Download CSV
            </a>
            <a
              className="rounded px-1 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
              href={`/deliveries/export?format=ndjson${filterQuery ? `&${filterQuery}` : ""}`}
              download
            >
              Download NDJSON
            </a>
          </div>
        </Popover>
      </DataTableToolbar>
      <BulkMatchingBar bulk={bulk} count={count} denied={denied} />
      <DataTableSelectionBar table={table}>
        <BulkSelectionButtons bulk={bulk} selectedCount={selected.length} denied={denied} />
      </DataTableSelectionBar>
      <DataTable
        table={table}
        caption="Deliveries"
        rowHref={(r) => `/deliveries/${r.id}`}
        pending={url.pending}
        empty="No deliveries match these filters."
      />
      <DataTablePagination
        url={url}
        pageSize={perPage}
        total={count.count}
        totalEstimated={count.estimated}
        rowsOnPage={page.rows.length}
        noun="deliveries"
        nounOne="delivery"
        paging={{
          nextCursor: page.nextCursor,
          prevCursor: page.prevCursor,
          next: (c) => ({ cursor: c, dir: null }),
          prev: (c) => ({ cursor: c, dir: "prev" }),
        }}
      />
      <BulkMatchingDialog
        bulk={bulk}
        endpoint="/deliveries/bulk"
        selectedIds={selected}
        onDone={() => table.resetRowSelection(true)}
      />
      <p className="sr-only" aria-live="polite">
        {selected.length ? `${selected.length} selected` : ""}
      </p>
    </div>
  );
}
