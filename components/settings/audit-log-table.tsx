"use client";

import { use, useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { RelativeTime } from "@/components/ui/relative-time";
import { useDataTable } from "@/hooks/use-data-table";
import { useTableUrl } from "@/hooks/use-table-url";
import { auditListUrl } from "@/lib/activity/audit-search-params";
import type { AuditLogRow } from "@/lib/activity/list-audit-logs";
import type { KeysetPage } from "@/lib/list/keyset";

const helper = dataTableColumnHelper<AuditLogRow>();
/** The action column filters by area (`destination` → `destination.*`, the `area` key of lib/activity/audit-search-params.ts). */
const auditColumns = (areas: string[]) =>
  helper.columns([
    helper.accessor("createdAt", {
      header: "When",
      meta: { label: "When", className: "w-28" },
      cell: ({ getValue }) => <RelativeTime date={getValue()} />,
    }),
    helper.accessor("actorLabel", { header: "Who", meta: { label: "Who" } }),
    helper.accessor("action", {
      header: "Action",
      meta: {
        label: "Action",
        filter: { variant: "select", key: "area", label: "Area", options: areas.map((a) => ({ label: a, value: a })) },
      },
      cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
    }),
    helper.accessor("targetId", {
      header: "Target",
      meta: { label: "Target" },
      cell: ({ row }) => (
        <span className="text-zinc-600 dark:text-zinc-400">
          {row.original.targetType}{" "}
          {row.original.targetId ? <span className="font-mono">{row.original.targetId.slice(0, 13)}</span> : null}
        </span>
      ),
    }),
    helper.accessor("details", {
      header: "Details",
      meta: { label: "Details", className: "max-w-[28rem]" },
      cell: ({ getValue }) => {
        const details = getValue();
        if (!details) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
        const text = Object.entries(details)
          .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
          .join(" · ");
        return (
          <span className="block truncate font-mono text-[11px] text-zinc-600 dark:text-zinc-400" title={text}>
            {text}
          </span>
        );
      },
    }),
  ]);

export function AuditLogTable({
  promise,
}: {
  promise: Promise<{ page: KeysetPage<AuditLogRow>; areas: string[]; perPage: number }>;
}) {
  const { page, areas, perPage } = use(promise);
  const columns = useMemo(() => auditColumns(areas), [areas]);
  const url = useTableUrl([...auditListUrl.keys, "tab"], auditListUrl.cursorKeys);
  const table = useDataTable({
    data: page.rows,
    columns,
    getRowId: (r) => r.id,
    url,
    defaultSort: [{ id: "createdAt", desc: true }],
  });
  return (
    <div className="flex flex-col gap-3">
      <DataTableToolbar table={table} url={url} />
      <DataTable table={table} caption="Audit log, newest first" pending={url.pending} empty="Nothing recorded yet." />
      <DataTablePagination
        url={url}
        pageSize={perPage}
        rowsOnPage={page.rows.length}
        noun="entries"
        nounOne="entry"
        paging={page}
      />
    </div>
  );
}
