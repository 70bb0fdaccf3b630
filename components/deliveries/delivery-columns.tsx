"use client";

import { DataTableColumnHeader } from "@/components/data-table/data-table-column-header";
import { selectionColumn } from "@/components/data-table/data-table-selection";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { HttpStatus, StatusBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DestinationFilterOptions } from "@/lib/deliveries/load-destination-filter-options";
import type { DeliveryListRow } from "@/lib/deliveries/list-deliveries";
import { ErrorExcerpt, OpenRowLink } from "@/components/deliveries/shared-cells";
import {
  createdFilter,
  destinationFilter,
  errorSearchFilter,
  eventTypeFilter,
} from "@/components/deliveries/shared-filters";

const helper = dataTableColumnHelper<DeliveryListRow>();

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

/**
 * Column ids are the URL's sort keys, so a header click writes `sort=<id>.<dir>` directly; each
 * column's `meta.filter` is its toolbar control, under the keys of lib/deliveries/delivery-search-params.ts.
 */
export const deliveryColumns = (options: DestinationFilterOptions) =>
  helper.columns([
    selectionColumn<DeliveryListRow>(),
    helper.accessor("createdAt", {
      id: "created_at",
      enableSorting: true,
      enableHiding: false,
      meta: {
        label: "Created",
        className: "w-28",
        filter: createdFilter("Created"),
      },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Created" />,
      cell: ({ row }) => (
        <OpenRowLink
          href={`/deliveries/${row.original.id}`}
          label={`Delivery to ${row.original.destinationName}, ${row.original.status}: open`}
          date={row.original.createdAt}
        />
      ),
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
      cell: ({ row }) => (
        <span className="block truncate" title={row.original.destinationName}>
          {row.original.destinationName}
        </span>
      ),
    }),
    helper.accessor("eventType", {
      header: "Event",
      meta: {
        label: "Event type",
        filter: eventTypeFilter(options),
      },
      cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
    }),
    helper.accessor("attempts", {
      id: "attempts",
      enableSorting: true,
      meta: {
        label: "Attempts",
        className: "text-right",
        filter: {
          variant: "number",
          key: "minAttempts",
          label: "Attempts at least",
          placeholder: "Attempts ≥",
          min: 0,
        },
      },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Attempts" />,
      cell: ({ getValue }) => <span className="tabular-nums">{getValue()}</span>,
    }),
    helper.accessor("responseStatus", {
      header: "Response",
      meta: {
        label: "Response",
        filter: {
          variant: "combo",
          key: "responseStatus",
          label: "Response status (2xx, 5xx, 404…)",
          placeholder: "Response (5xx, 404)",
          options: RESPONSE_OPTIONS,
        },
      },
      cell: ({ getValue }) => <HttpStatus code={getValue()} />,
    }),
    helper.accessor("lastAttemptAt", {
      id: "last_attempt_at",
      enableSorting: true,
      meta: {
        label: "Last attempt",
        filter: { variant: "dateRange", fromKey: "lastAttemptFrom", toKey: "lastAttemptTo", label: "Last attempt" },
      },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Last attempt" />,
      cell: ({ getValue }) => <RelativeTime date={getValue()} />,
    }),
    helper.accessor("nextRetryAt", {
      id: "next_retry_at",
      enableSorting: true,
      meta: { label: "Next retry" },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Next retry" />,
      cell: ({ row }) =>
        row.original.status === "failed" || row.original.status === "pending" ? (
          <RelativeTime date={row.original.nextRetryAt} />
        ) : (
          <span className="text-zinc-500 dark:text-zinc-400">—</span>
        ),
    }),
    helper.accessor("errorMessage", {
      header: "Error",
      meta: {
        label: "Error",
        className: "max-w-72",
        filter: errorSearchFilter,
      },
      cell: ({ getValue }) => <ErrorExcerpt message={getValue()} />,
    }),
  ]);
