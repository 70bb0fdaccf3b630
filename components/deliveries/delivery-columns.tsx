"use client";

import Link from "next/link";
import { DataTableColumnHeader } from "@/components/data-table/data-table-column-header";
import { selectionColumn } from "@/components/data-table/data-table-selection";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { HttpStatus, StatusBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DeliveryListRow } from "@/lib/deliveries/list-deliveries";

const helper = dataTableColumnHelper<DeliveryListRow>();

/** Column ids are the URL's sort keys, so a header click writes `sort=<id>.<dir>` directly. */
export const deliveryColumns = helper.columns([
  selectionColumn<DeliveryListRow>(),
  helper.accessor("createdAt", {
    id: "created_at",
    enableSorting: true,
    enableHiding: false,
    meta: { label: "Created", className: "w-28" },
    header: ({ column }) => <DataTableColumnHeader column={column} title="Created" />,
    cell: ({ row }) => (
      <Link
        href={`/deliveries/${row.original.id}`}
        className="font-medium hover:underline"
        aria-label={`Delivery to ${row.original.destinationName}, ${row.original.status}: open`}
      >
        <RelativeTime date={row.original.createdAt} />
      </Link>
    ),
  }),
  helper.accessor("status", {
    header: "Status",
    meta: { label: "Status" },
    cell: ({ getValue }) => <StatusBadge status={getValue()} />,
  }),
  helper.accessor("destinationName", {
    header: "Destination",
    meta: { label: "Destination", className: "max-w-48" },
    cell: ({ row }) => (
      <span className="block truncate" title={row.original.destinationName}>
        {row.original.destinationName}
      </span>
    ),
  }),
  helper.accessor("eventType", {
    header: "Event",
    meta: { label: "Event type" },
    cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
  }),
  helper.accessor("attempts", {
    id: "attempts",
    enableSorting: true,
    meta: { label: "Attempts", className: "text-right" },
    header: ({ column }) => <DataTableColumnHeader column={column} title="Attempts" />,
    cell: ({ getValue }) => <span className="tabular-nums">{getValue()}</span>,
  }),
  helper.accessor("responseStatus", {
    header: "Response",
    meta: { label: "Response" },
    cell: ({ getValue }) => <HttpStatus code={getValue()} />,
  }),
  helper.accessor("lastAttemptAt", {
    id: "last_attempt_at",
    enableSorting: true,
    meta: { label: "Last attempt" },
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
    meta: { label: "Error", className: "max-w-72" },
    cell: ({ getValue }) => (
      <span className="block truncate text-zinc-600 dark:text-zinc-400" title={getValue() ?? undefined}>
        {getValue() ?? ""}
      </span>
    ),
  }),
]);
