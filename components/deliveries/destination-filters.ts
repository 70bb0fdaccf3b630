import type { DataTableColumnFilter } from "@/components/data-table/features";
import type { DestinationFilterOptions } from "@/lib/deliveries/load-destination-filter-options";

// The destination and event-type filters the deliveries and failures tables share: the same
// options (loadDestinationFilterOptions) under the same URL keys in both lists' specs.

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
