import type { Metadata } from "next";
import { ListPage } from "@/components/data-table/list-page";
import { DeliveriesTable } from "@/components/deliveries/deliveries-table";
import { can, deniedReason } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import {
  countDeliveries,
  deliveryFilterParsers,
  deliverySearchParamsCache,
  listDeliveries,
  serializeDeliverySearchParams,
} from "@/lib/deliveries";
import { loadDestinationFilterOptions } from "@/lib/deliveries/load-destination-filter-options";
import { listOptionsOf, loadListPage } from "@/lib/list/load-list-page";
import { filterOf } from "@/lib/list/search-param-parsers";

export const metadata: Metadata = { title: "Deliveries" };

export default async function DeliveriesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  // Parsed once, forgivingly: a bad value falls back to its default, never an error page.
  const values = await deliverySearchParamsCache.parse(searchParams);
  const filter = filterOf(deliveryFilterParsers, values);
  const data = loadListPage({
    page: listDeliveries(user.orgId, filter, listOptionsOf(values)),
    count: countDeliveries(user.orgId, filter),
    extras: loadDestinationFilterOptions(user.orgId),
    perPage: values.perPage,
    renderedQuery: serializeDeliverySearchParams(values),
  });
  return (
    <ListPage
      title="Deliveries"
      description="Every webhook delivery: filter, open one to see each attempt, retry or stop the ones that need it."
      columnCount={9}
      filterCount={8}
    >
      <DeliveriesTable
        promise={data}
        denied={can(user.role, "manageDeliveries") ? null : deniedReason("manageDeliveries")}
      />
    </ListPage>
  );
}
