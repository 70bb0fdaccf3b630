"use client";

import { use, useMemo } from "react";
import { countFailedWebhookTargetsAction } from "@/actions/failures";
import { ServerDataTable, type ListPageData } from "@/components/data-table/server-data-table";
import type { DestinationFilterOptions } from "@/lib/deliveries/load-destination-filter-options";
import { failedWebhookListUrl } from "@/lib/failed-webhooks/failed-webhook-search-params";
import type { FailedWebhookListRow } from "@/lib/failed-webhooks/list-failed-webhooks";
import { FAILURE_BULK_KINDS } from "./failure-bulk-kinds";
import { failureColumns } from "./failure-columns";

export type FailuresTableData = ListPageData<FailedWebhookListRow> & DestinationFilterOptions;

export function FailuresTable({ promise, denied }: { promise: Promise<FailuresTableData>; denied: string | null }) {
  const { destinations, eventTypes } = use(promise);
  const columns = useMemo(() => failureColumns({ destinations, eventTypes }), [destinations, eventTypes]);
  return (
    <ServerDataTable
      promise={promise}
      columns={columns}
      spec={failedWebhookListUrl}
      getRowId={(r) => r.id}
      rowHref={(r) => `/failures/${r.id}`}
      defaultSort={[{ id: "created_at", desc: true }]}
      caption="Failed webhooks (dead letters)"
      empty="No failed webhooks match these filters."
      noun="failed webhooks"
      nounOne="failed webhook"
      bulk={{
        kinds: FAILURE_BULK_KINDS,
        countTargets: countFailedWebhookTargetsAction,
        endpoint: "/failures/bulk",
        denied,
      }}
    />
  );
}
