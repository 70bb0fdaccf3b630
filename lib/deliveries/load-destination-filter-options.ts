import { listEventTypes } from "../destinations/list-event-types";
import { destinationOptions, loadOrgDestinations } from "./delivery-conditions";

export interface DestinationFilterOptions {
  destinations: { id: string; name: string }[];
  eventTypes: string[];
}

/** The destination and event-type options the deliveries' and failures' filters offer. */
export async function loadDestinationFilterOptions(orgId: string): Promise<DestinationFilterOptions> {
  const [org, eventTypes] = await Promise.all([loadOrgDestinations(orgId), listEventTypes(orgId)]);
  return { destinations: destinationOptions(org), eventTypes };
}
