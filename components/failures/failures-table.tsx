"use client";

import Link from "next/link";
import { useFilterQuery } from "@/hooks/use-filter-query";
import { useSearchParams } from "next/navigation";
import { use, useMemo } from "react";
import { countFailedWebhookTargetsAction } from "@/actions/failures";
import { BulkMatchingBar, BulkMatchingDialog, BulkSelectionButtons } from "@/components/data-table/bulk-matching";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableAutoRefresh } from "@/components/data-table/data-table-auto-refresh";
import { DataTableColumnHeader } from "@/components/data-table/data-table-column-header";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { DataTableSelectionBar, selectedRowIds, selectionColumn } from "@/components/data-table/data-table-selection";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { filterKeys, type DataTableFilter } from "@/components/data-table/filters";
import { StatusBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { useBulkMatching } from "@/hooks/use-bulk-matching";
import { useDataTable } from "@/hooks/use-data-table";
import { useResyncWhenStale } from "@/hooks/use-resync-when-stale";
import { useTableUrl } from "@/hooks/use-table-url";
import {
  failedWebhookSearchParamsToQuery,
  parseFailedWebhookSearchParams,
} from "@/lib/failed-webhooks/failed-webhook-filter";
import type { CountResult } from "@/lib/list/count-with-fallback";
import type { KeysetPage } from "@/lib/list/keyset";
import type { FailedWebhookListRow } from "@/lib/failed-webhooks/list-failed-webhooks";
import { FAILURE_BULK_KINDS } from "./failure-bulk-kinds";

export interface FailuresTableData {
  page: KeysetPage<FailedWebhookListRow>;
  count: CountResult;
  destinations: { id: string; name: string }[];
  eventTypes: string[];
  perPage: number;
  /** The canonical query the server rendered (see useResyncWhenStale). */
  renderedQuery: string;
}

const helper = dataTableColumnHelper<FailedWebhookListRow>();
const columns = helper.columns([
  selectionColumn<FailedWebhookListRow>(),
  helper.accessor("createdAt", {
    id: "created_at",
    enableSorting: true,
    enableHiding: false,
    meta: { label: "Died", className: "w-28" },
    header: ({ column }) => <DataTableColumnHeader column={column} title="Died" />,
    cell: ({ row }) => (
      <Link
        href={`/failures/${row.original.id}`}
        className="font-medium hover:underline"
        aria-label={`Dead letter ${row.original.id}, ${row.original.status}: open`}
      >
        <RelativeTime date={row.original.createdAt} />
      </Link>
    ),
  }),
  helper.accessor("id", {
    header: "#",
    meta: { label: "Id" },
    cell: ({ getValue }) => <span className="font-mono text-zinc-500 dark:text-zinc-400">{getValue()}</span>,
  }),
  helper.accessor("status", {
    header: "Status",
    meta: { label: "Status" },
    cell: ({ getValue }) => <StatusBadge status={getValue()} />,
  }),
  helper.accessor("destinationName", {
    header: "Destination",
    meta: { label: "Destination", className: "max-w-48" },
    cell: ({ getValue }) => <span className="block truncate">{getValue() ?? "—"}</span>,
  }),
  helper.accessor("eventType", {
    header: "Event",
    meta: { label: "Event type" },
    cell: ({ getValue }) => <span className="font-mono">{getValue() ?? "—"}</span>,
  }),
  helper.accessor("attemptCount", {
    id: "attempt_count",
    enableSorting: true,
    meta: { label: "Review retries", className: "text-right" },
    header: ({ column }) => <DataTableColumnHeader column={column} title="Retried" />,
    cell: ({ getValue }) => <span className="tabular-nums">{getValue()}×</span>,
  }),
  helper.accessor("lastAttemptAt", {
    id: "last_attempt_at",
    enableSorting: true,
    meta: { label: "Last retry" },
    header: ({ column }) => <DataTableColumnHeader column={column} title="Last retry" />,
    cell: ({ getValue }) => <RelativeTime date={getValue()} />,
  }),
  helper.accessor("errorMessage", {
    header: "Error",
    meta: { label: "Error", className: "max-w-80" },
    cell: ({ getValue }) => (
      <span className="block truncate text-zinc-600 dark:text-zinc-400" title={getValue() ?? undefined}>
        {getValue() ?? ""}
      </span>
    ),
  }),
]);

const STATUS_OPTIONS = [
  { label: "Pending review", value: "pending" },
  { label: "Retried", value: "retried" },
  { label: "Discarded", value: "failed_permanently" },
];

export function FailuresTable({ promise, denied }: { promise: Promise<FailuresTableData>; denied: string | null }) {
  const { page, count, destinations, eventTypes, perPage, renderedQuery } = use(promise);
  const filters = useMemo<DataTableFilter[]>(
    () => [
      { variant: "text", key: "q", label: "Search error message", placeholder: "Search error message…" },
      { variant: "multiSelect", key: "status", label: "Status", options: STATUS_OPTIONS },
      {
        variant: "multiSelect",
        key: "destination",
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
      { variant: "dateRange", fromKey: "createdFrom", toKey: "createdTo", label: "Died" },
    ],
    [destinations, eventTypes],
  );
  const url = useTableUrl([...filterKeys(filters), "sort", "perPage"], ["cursor", "dir"]);
  const table = useDataTable({
    data: page.rows,
    columns,
    getRowId: (r) => r.id,
    url,
    defaultSort: [{ id: "created_at", desc: true }],
  });
  const searchParams = useSearchParams();
  const currentQuery = useMemo(
    () => failedWebhookSearchParamsToQuery(parseFailedWebhookSearchParams(searchParams)).toString(),
    [searchParams],
  );
  useResyncWhenStale(renderedQuery, currentQuery, url.pending);
  const filterQuery = useFilterQuery();
  const bulk = useBulkMatching({
    kinds: FAILURE_BULK_KINDS,
    countTargets: countFailedWebhookTargetsAction,
    filterQuery,
  });
  const selected = selectedRowIds(table);

  return (
    <div className="flex flex-col gap-3">
      <DataTableToolbar table={table} url={url} filters={filters}>
        <DataTableAutoRefresh />
      </DataTableToolbar>
      <BulkMatchingBar bulk={bulk} count={count} denied={denied} />
      <DataTableSelectionBar table={table}>
        <BulkSelectionButtons bulk={bulk} selectedCount={selected.length} denied={denied} />
      </DataTableSelectionBar>
      <DataTable
        table={table}
        caption="Failed webhooks (dead letters)"
        rowHref={(r) => `/failures/${r.id}`}
        pending={url.pending}
        empty="No failed webhooks match these filters."
      />
      <DataTablePagination
        url={url}
        pageSize={perPage}
        total={count.count}
        totalEstimated={count.estimated}
        rowsOnPage={page.rows.length}
        noun="failed webhooks"
        nounOne="failed webhook"
        paging={{
          nextCursor: page.nextCursor,
          prevCursor: page.prevCursor,
          next: (c) => ({ cursor: c, dir: null }),
          prev: (c) => ({ cursor: c, dir: "prev" }),
        }}
      />
      <BulkMatchingDialog
        bulk={bulk}
        endpoint="/failures/bulk"
        selectedIds={selected}
        onDone={() => table.resetRowSelection(true)}
      />
    </div>
  );
}
