"use client";

import { use, useMemo } from "react";
import { ServerDataTable, type ListPageData } from "@/components/data-table/server-data-table";
import { activityListUrl } from "@/lib/activity/activity-search-params";
import type { ActivityFacets } from "@/lib/activity/get-activity-facets";
import type { ActivityListRow } from "@/lib/activity/list-activity-logs";
import { activityColumns } from "./activity-columns";

export type ActivityTableData = ListPageData<ActivityListRow> & { facets: ActivityFacets };

export function ActivityTable({ promise }: { promise: Promise<ActivityTableData> }) {
  const { facets } = use(promise);
  const columns = useMemo(() => activityColumns(facets), [facets]);
  return (
    <ServerDataTable
      promise={promise}
      columns={columns}
      spec={activityListUrl}
      getRowId={(r) => r.id}
      rowHref={(r) => `/activity/${r.id}`}
      defaultSort={[{ id: "createdAt", desc: true }]}
      caption="Activity logs, newest first"
      empty="No activity matches these filters."
      noun="events"
      nounOne="event"
    />
  );
}
