"use client";

import { DataTableColumnHeader } from "@/components/data-table/data-table-column-header";
import { selectionColumn } from "@/components/data-table/data-table-selection";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { StatusBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DestinationFilterOptions } from "@/lib/deliveries/load-destination-filter-options";
import type { FailedWebhookListRow } from "@/lib/failed-webhooks/list-failed-webhooks";
import { ErrorExcerpt, OpenRowLink } from "@/components/deliveries/shared-cells";
import {
  createdFilter,
  destinationFilter,
  errorSearchFilter,
  eventTypeFilter,
} from "@/components/deliveries/shared-filters";

const STATUS_OPTIONS = [
  { label: "Pending review", value: "pending" },
  { label: "Retried", value: "retried" },
  { label: "Discarded", value: "failed_permanently" },
];

const helper = dataTableColumnHelper<FailedWebhookListRow>();
/** As the deliveries' columns: ids are sort keys, `meta.filter` uses lib/failed-webhooks/failed-webhook-search-params.ts' keys. */
export const failureColumns = (options: DestinationFilterOptions) =>
  helper.columns([
    selectionColumn<FailedWebhookListRow>(),
    helper.accessor("createdAt", {
      id: "created_at",
      enableSorting: true,
      enableHiding: false,
      meta: {
        label: "Died",
        className: "w-28",
        filter: createdFilter("Died"),
      },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Died" />,
      cell: ({ row }) => (
        <OpenRowLink
          href={`/failures/${row.original.id}`}
          label={`Dead letter ${row.original.id}, ${row.original.status}: open`}
          date={row.original.createdAt}
        />
      ),
    }),
    helper.accessor("id", {
      header: "#",
      meta: { label: "Id" },
      cell: ({ getValue }) => <span className="font-mono text-zinc-500 dark:text-zinc-400">{getValue()}</span>,
    }),
    helper.accessor("status", {
      header: "Status",
      meta: {
        label: "Status",
        filter: { variant: "multiSelect", key: "status", label: "Status", options: STATUS_OPTIONS },
      },
      cell: ({ getValue }) => <StatusBadge status={getValue()} />,
    }),
    helper.accessor("destinationName", {
      header: "Destination",
      meta: {
        label: "Destination",
        className: "max-w-48",
        filter: destinationFilter(options),
      },
      cell: ({ getValue }) => <span className="block truncate">{getValue() ?? "—"}</span>,
    }),
    helper.accessor("eventType", {
      header: "Event",
      meta: {
        label: "Event type",
        filter: eventTypeFilter(options),
      },
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
      meta: {
        label: "Error",
        className: "max-w-80",
        filter: errorSearchFilter,
      },
      cell: ({ getValue }) => <ErrorExcerpt message={getValue()} />,
    }),
  ]);
