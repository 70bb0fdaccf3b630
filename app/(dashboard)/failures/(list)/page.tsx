import type { Metadata } from "next";
import { ListPage } from "@/components/data-table/list-page";
import { FailuresTable } from "@/components/failures/failures-table";
import { can, deniedReason } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import {
  countFailedWebhooks,
  failedWebhookFilterParsers,
  failedWebhookSearchParamsCache,
  listFailedWebhooks,
  serializeFailedWebhookSearchParams,
} from "@/lib/failed-webhooks";
import { loadDestinationFilterOptions } from "@/lib/deliveries/load-destination-filter-options";
import { listOptionsOf, loadListPage } from "@/lib/list/load-list-page";
import { filterOf } from "@/lib/list/search-param-parsers";

export const metadata: Metadata = { title: "Failures" };

export default async function FailuresPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const values = await failedWebhookSearchParamsCache.parse(searchParams);
  const filter = filterOf(failedWebhookFilterParsers, values);
  const data = loadListPage({
    page: listFailedWebhooks(user.orgId, filter, listOptionsOf(values)),
    count: countFailedWebhooks(user.orgId, filter),
    extras: loadDestinationFilterOptions(user.orgId),
    perPage: values.perPage,
    renderedQuery: serializeFailedWebhookSearchParams(values),
  });
  return (
    <ListPage
      title="Failures"
      description="Deliveries that ran out of retries (the dead-letter queue). Review them, retry what should go through, discard the rest."
      columnCount={9}
      filterCount={5}
    >
      <FailuresTable promise={data} denied={can(user.role, "manageFailures") ? null : deniedReason("manageFailures")} />
    </ListPage>
  );
}
