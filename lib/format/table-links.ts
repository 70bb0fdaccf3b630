/**
 * Deep links into the filtered tables. Kept in one place so the overview, destination and
 * activity pages agree with the URL keys the deliveries and failures pages parse.
 */
export interface DeliveriesLink {
  status?: string[];
  destination?: string[];
  eventType?: string;
  from?: string;
  to?: string;
  sort?: string;
  /** One activity log's fan-out. */
  logId?: string;
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const s = search.toString();
  return s ? `?${s}` : "";
}

export function deliveriesHref(link: DeliveriesLink = {}): string {
  return `/deliveries${query({
    status: link.status?.join(","),
    destinationId: link.destination?.join(","),
    eventType: link.eventType,
    createdFrom: link.from,
    createdTo: link.to,
    sort: link.sort,
    logId: link.logId,
  })}`;
}

export interface FailuresLink {
  status?: string[];
  destination?: string[];
  eventType?: string;
  from?: string;
}

export function failuresHref(link: FailuresLink = {}): string {
  return `/failures${query({ status: link.status?.join(","), destination: link.destination?.join(","), eventType: link.eventType, from: link.from })}`;
}
