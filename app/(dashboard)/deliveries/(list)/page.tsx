import type { Metadata } from "next";
import { Suspense } from "react";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import { DeliveriesTable } from "@/components/deliveries/deliveries-table";
import { PageHeader } from "@/components/ui/states";
import { can, deniedReason } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import {
  countDeliveries,
  deliveryFilterParsers,
  deliverySearchParamsCache,
  listDeliveries,
  serializeDeliverySearchParams,
} from "@/lib/deliveries";
import { listStateOf } from "@/lib/list/search-param-parsers";
import { destinationOptions, loadOrgDestinations } from "@/lib/deliveries/delivery-conditions";
import { listEventTypes } from "@/lib/destinations/list-event-types";

export const metadata: Metadata = { title: "Deliveries" };

export default async function DeliveriesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  // Parsed once, forgivingly: a bad value falls back to its default, never an error page.
  const values = await deliverySearchParamsCache.parse(searchParams);
  const state = listStateOf(deliveryFilterParsers, values);
  const data = Promise.all([
    listDeliveries(user.orgId, state.filter, {
      sort: state.sort,
      cursor: state.cursor,
      direction: state.direction,
      limit: state.perPage,
    }),
    countDeliveries(user.orgId, state.filter),
    loadOrgDestinations(user.orgId),
    listEventTypes(user.orgId),
  ]).then(([page, count, org, eventTypes]) => ({
    page,
    count,
    destinations: destinationOptions(org),
    eventTypes,
    perPage: state.perPage,
    renderedQuery: serializeDeliverySearchParams(values),
  }));
  return (
    <div>
      <PageHeader
        title="Deliveries"
        description="Every webhook delivery: filter, open one to see each attempt, retry or stop the ones that need it."
      />
      <Suspense fallback={<DataTableSkeleton columnCount={9} filterCount={8} />}>
        <DeliveriesTable
          promise={data}
          denied={can(user.role, "manageDeliveries") ? null : deniedReason("manageDeliveries")}
        />
      </Suspense>
    </div>
  );
}
