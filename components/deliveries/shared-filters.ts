import type { DataTableColumnFilter } from "@/components/data-table/features";
import type { DestinationFilterOptions } from "@/lib/deliveries/load-destination-filter-options";

// The filters the deliveries and failures tables share: the same controls under the same URL
// keys in both lists' specs (destinations and event types from loadDestinationFilterOptions).

export function destinationFilter({ destinations }: DestinationFilterOptions): DataTableColumnFilter {
  return {
    variant: "multiSelect",
    key: "destinationId",
    label: "Destination",
    options: destinations.map((d) => ({ label: d.name, value: d.id })),
  };
}

export function eventTypeFilter({ eventTypes }: DestinationFilterOptions): DataTableColumnFilter {
  return {
    variant: "combo",
    key: "eventType",
    label: "Event type",
    placeholder: "Event type",
    options: eventTypes.map((t) => ({ label: t, value: t })),
  };
}

/** The created_at date range; the failures list calls it "Died". */
export function createdFilter(label: string): DataTableColumnFilter {
  return { variant: "dateRange", fromKey: "createdFrom", toKey: "createdTo", label };
}

export const errorSearchFilter: DataTableColumnFilter = {
  variant: "text",
  key: "q",
  label: "Search error message",
  placeholder: "Search error message…",
};
