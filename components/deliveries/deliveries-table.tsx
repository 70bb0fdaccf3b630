"use client";

import { use, useMemo } from "react";
import { countDeliveryTargetsAction } from "@/actions/deliveries";
import { ServerDataTable, type ListPageData } from "@/components/data-table/server-data-table";
import { Popover } from "@/components/ui/popover";
import type { DestinationFilterOptions } from "@/lib/deliveries/load-destination-filter-options";
import { deliveryListUrl } from "@/lib/deliveries/delivery-search-params";
import type { DeliveryListRow } from "@/lib/deliveries/list-deliveries";
import { DELIVERY_BULK_KINDS } from "./delivery-bulk-kinds";
import { deliveryColumns } from "./delivery-columns";

export type DeliveriesTableData = ListPageData<DeliveryListRow> & DestinationFilterOptions;

const LINKED_FILTERS = [{ key: "logId", label: "Event" }];

function ExportMenu({ filterQuery }: { filterQuery: string }) {
  return (
    <Popover label="Export" trigger="Export" align="end" className="w-52">
      <div className="flex flex-col gap-1 text-xs">
        <p className="px-1 pb-1 text-zinc-500 dark:text-zinc-400">
          Every row matching the current filter, in this order.
        </p>
        {(["csv", "ndjson"] as const).map((format) => (
          <a
            key={format}
            className="rounded px-1 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
            href={`/deliveries/export?format=${format}${filterQuery ? `&${filterQuery}` : ""}`}
            download
          >
            Download {format.toUpperCase()}
          </a>
        ))}
      </div>
    </Popover>
  );
}

export function DeliveriesTable({ promise, denied }: { promise: Promise<DeliveriesTableData>; denied: string | null }) {
  const { destinations, eventTypes } = use(promise);
  const columns = useMemo(() => deliveryColumns({ destinations, eventTypes }), [destinations, eventTypes]);
  return (
    <ServerDataTable
      promise={promise}
      columns={columns}
      spec={deliveryListUrl}
      getRowId={(r) => r.id}
      rowHref={(r) => `/deliveries/${r.id}`}
      defaultSort={[{ id: "created_at", desc: true }]}
      initialHidden={["next_retry_at"]}
      caption="Deliveries"
      empty="No deliveries match these filters."
      noun="deliveries"
      nounOne="delivery"
      linkedFilters={LINKED_FILTERS}
      bulk={{
        kinds: DELIVERY_BULK_KINDS,
        countTargets: countDeliveryTargetsAction,
        endpoint: "/deliveries/bulk",
        denied,
      }}
      toolbar={(filterQuery) => <ExportMenu filterQuery={filterQuery} />}
    />
  );
}
