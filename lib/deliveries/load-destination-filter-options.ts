import { listEventTypes } from "../destinations/list-event-types";
import { destinationOptions, loadOrgDestinations } from "./delivery-conditions";

/** The destination and event-type options the deliveries' and failures' filters offer. */
export async function loadDestinationFilterOptions(orgId: string) {
  const [org, eventTypes] = await Promise.all([loadOrgDestinations(orgId), listEventTypes(orgId)]);
  return { destinations: destinationOptions(org), eventTypes };
}
