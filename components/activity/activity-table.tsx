"use client";

import "@/lib/validation/zod-in-browser";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { use, useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { DataTableAutoRefresh } from "@/components/data-table/data-table-auto-refresh";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { filterKeys, type DataTableFilter } from "@/components/data-table/filters";
import { DeliverySummary } from "@/components/deliveries/delivery-summary";
import { RelativeTime } from "@/components/ui/relative-time";
import { useDataTable } from "@/hooks/use-data-table";
import { useResyncWhenStale } from "@/hooks/use-resync-when-stale";
import { useTableUrl } from "@/hooks/use-table-url";
import { activitySearchParamsToQuery, parseActivitySearchParams } from "@/lib/activity/activity-search-params";
import type { ActivityFacets } from "@/lib/activity/get-activity-facets";
import type { ActivityListRow } from "@/lib/activity/list-activity-logs";
import type { CountResult } from "@/lib/list/count-with-fallback";
import type { KeysetPage } from "@/lib/list/keyset";

export interface ActivityTableData {
  page: KeysetPage<ActivityListRow>;
  count: CountResult;
  facets: ActivityFacets;
  perPage: number;
  /** The canonical query the server rendered (see useResyncWhenStale). */
  renderedQuery: string;
}

const helper = dataTableColumnHelper<ActivityListRow>();
const columns = helper.columns([
  helper.accessor("createdAt", {
    header: "Time",
    meta: { label: "Time", className: "w-28" },
    enableHiding: false,
    cell: ({ row }) => (
      <Link
        href={`/activity/${row.original.id}`}
        className="font-medium hover:underline"
        aria-label={`Event ${row.original.eventType}, open details`}
      >
        <RelativeTime date={row.original.createdAt} />
      </Link>
    ),
  }),
  helper.accessor("eventType", {
    header: "Event type",
    meta: { label: "Event type" },
    cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
  }),
  helper.accessor("eventCategory", {
    header: "Category",
    meta: { label: "Category" },
    cell: ({ getValue }) => getValue() ?? <span className="text-zinc-500 dark:text-zinc-400">—</span>,
  }),
  helper.accessor("employeeName", {
    header: "Employee",
    meta: { label: "Employee" },
    cell: ({ getValue }) => getValue() ?? <span className="text-zinc-500 dark:text-zinc-400">—</span>,
  }),
  helper.accessor("clientName", {
    header: "Client",
    meta: { label: "Client" },
    cell: ({ row }) =>
      row.original.clientName ? (
        <span>
          {row.original.clientName}{" "}
          <span className="text-zinc-500 dark:text-zinc-400">{row.original.clientVersion}</span>
        </span>
      ) : (
        <span className="text-zinc-500 dark:text-zinc-400">—</span>
      ),
  }),
  helper.accessor("content", {
    header: "Content",
    meta: { label: "Content", className: "max-w-80" },
    cell: ({ getValue }) => <span className="block truncate text-zinc-600 dark:text-zinc-400">{getValue()}</span>,
  }),
  helper.accessor("deliveries", {
    header: "Deliveries",
    meta: { label: "Deliveries" },
    cell: ({ getValue }) => <DeliverySummary counts={getValue()} />,
  }),
]);

export function ActivityTable({ promise }: { promise: Promise<ActivityTableData> }) {
  const { page, count, facets, perPage, renderedQuery } = use(promise);
  const searchParams = useSearchParams();
  const currentQuery = useMemo(
    () => activitySearchParamsToQuery(parseActivitySearchParams(searchParams)).toString(),
    [searchParams],
  );
  const filters = useMemo<DataTableFilter[]>(
    () => [
      { variant: "text", key: "q", label: "Search content", placeholder: "Search content…" },
      {
        variant: "multiSelect",
        key: "eventType",
        label: "Event type",
        options: facets.eventTypes.map((t) => ({ label: t, value: t })),
      },
      {
        variant: "multiSelect",
        key: "category",
        label: "Category",
        options: facets.categories.map((t) => ({ label: t, value: t })),
      },
      {
        variant: "multiSelect",
        key: "employeeId",
        label: "Employee",
        options: facets.employees.map((e) => ({ label: e.name, value: e.id })),
      },
      {
        variant: "multiSelect",
        key: "client",
        label: "Client",
        options: facets.clients.map((t) => ({ label: t, value: t })),
      },
      { variant: "dateRange", fromKey: "from", toKey: "to", label: "Date" },
    ],
    [facets],
  );
  const url = useTableUrl([...filterKeys(filters), "perPage"], ["cursor", "dir"]);
  useResyncWhenStale(renderedQuery, currentQuery, url.pending);
  const table = useDataTable({
    data: page.rows,
    columns,
    getRowId: (r) => r.id,
    url,
    defaultSort: [{ id: "createdAt", desc: true }],
  });
  return (
    <div className="flex flex-col gap-3">
      <DataTableToolbar table={table} url={url} filters={filters}>
        <DataTableAutoRefresh />
      </DataTableToolbar>
      <DataTable
        table={table}
        caption="Activity logs, newest first"
        rowHref={(r) => `/activity/${r.id}`}
        pending={url.pending}
        empty="No activity matches these filters."
      />
      <DataTablePagination
        url={url}
        pageSize={perPage}
        defaultPageSize={50}
        total={count.count}
        totalEstimated={count.estimated}
        rowsOnPage={page.rows.length}
        noun="events"
        nounOne="event"
        paging={{
          nextCursor: page.nextCursor,
          prevCursor: page.prevCursor,
          next: (c) => ({ cursor: c, dir: null }),
          prev: (c) => ({ cursor: c, dir: "prev" }),
        }}
      />
    </div>
  );
}
