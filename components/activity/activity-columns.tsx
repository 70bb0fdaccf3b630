"use client";

import Link from "next/link";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { DeliverySummary } from "@/components/deliveries/delivery-summary";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ActivityFacets } from "@/lib/activity/get-activity-facets";
import type { ActivityListRow } from "@/lib/activity/list-activity-logs";

const helper = dataTableColumnHelper<ActivityListRow>();
/** Each column's `meta.filter` uses the keys of lib/activity/activity-search-params.ts. */
export const activityColumns = (facets: ActivityFacets) =>
  helper.columns([
    helper.accessor("createdAt", {
      header: "Time",
      meta: {
        label: "Time",
        className: "w-28",
        filter: { variant: "dateRange", fromKey: "from", toKey: "to", label: "Date" },
      },
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
      meta: {
        label: "Event type",
        filter: {
          variant: "multiSelect",
          key: "eventType",
          label: "Event type",
          options: facets.eventTypes.map((t) => ({ label: t, value: t })),
        },
      },
      cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
    }),
    helper.accessor("eventCategory", {
      header: "Category",
      meta: {
        label: "Category",
        filter: {
          variant: "multiSelect",
          key: "category",
          label: "Category",
          options: facets.categories.map((t) => ({ label: t, value: t })),
        },
      },
      cell: ({ getValue }) => getValue() ?? <span className="text-zinc-500 dark:text-zinc-400">—</span>,
    }),
    helper.accessor("employeeName", {
      header: "Employee",
      meta: {
        label: "Employee",
        filter: {
          variant: "multiSelect",
          key: "employeeId",
          label: "Employee",
          options: facets.employees.map((e) => ({ label: e.name, value: e.id })),
        },
      },
      cell: ({ getValue }) => getValue() ?? <span className="text-zinc-500 dark:text-zinc-400">—</span>,
    }),
    helper.accessor("clientName", {
      header: "Client",
      meta: {
        label: "Client",
        filter: {
          variant: "multiSelect",
          key: "client",
          label: "Client",
          options: facets.clients.map((t) => ({ label: t, value: t })),
        },
      },
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
      meta: {
        label: "Content",
        className: "max-w-80",
        filter: { variant: "text", key: "q", label: "Search content", placeholder: "Search content…" },
      },
      cell: ({ getValue }) => <span className="block truncate text-zinc-600 dark:text-zinc-400">{getValue()}</span>,
    }),
    helper.accessor("deliveries", {
      header: "Deliveries",
      meta: { label: "Deliveries" },
      cell: ({ getValue }) => <DeliverySummary counts={getValue()} />,
    }),
  ]);
