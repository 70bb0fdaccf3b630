import type { Metadata } from "next";
import { Suspense } from "react";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import { FailuresTable } from "@/components/failures/failures-table";
import { PageHeader } from "@/components/ui/states";
import { can, deniedReason } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { destinationOptions, loadOrgDestinations } from "@/lib/deliveries/delivery-conditions";
import { listEventTypes } from "@/lib/destinations/list-event-types";
import {
  countFailedWebhooks,
  failedWebhookFilterParsers,
  failedWebhookSearchParamsCache,
  listFailedWebhooks,
  serializeFailedWebhookSearchParams,
} from "@/lib/failed-webhooks";
import { listStateOf } from "@/lib/list/search-param-parsers";

export const metadata: Metadata = { title: "Failures" };

export default async function FailuresPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const values = await failedWebhookSearchParamsCache.parse(searchParams);
  const state = listStateOf(failedWebhookFilterParsers, values);
  const data = Promise.all([
    listFailedWebhooks(user.orgId, state.filter, {
      sort: state.sort,
      cursor: state.cursor,
      direction: state.direction,
      limit: state.perPage,
    }),
    countFailedWebhooks(user.orgId, state.filter),
    loadOrgDestinations(user.orgId),
    listEventTypes(user.orgId),
  ]).then(([page, count, org, eventTypes]) => ({
    page,
    count,
    destinations: destinationOptions(org),
    eventTypes,
    perPage: state.perPage,
    renderedQuery: serializeFailedWebhookSearchParams(values),
  }));
  return (
    <div>
      <PageHeader
        title="Failures"
        description="Deliveries that ran out of retries (the dead-letter queue). Review them, retry what should go through, discard the rest."
      />
      <Suspense fallback={<DataTableSkeleton columnCount={9} filterCount={5} />}>
        <FailuresTable
          promise={data}
          denied={can(user.role, "manageFailures") ? null : deniedReason("manageFailures")}
        />
      </Suspense>
    </div>
  );
}
