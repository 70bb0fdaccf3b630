import "../validation/zod-in-browser";
import { z } from "zod";
import {
  searchText,
  parsePerPage,
  parseSort,
  parseUrlDate,
  readList,
  readParam,
  type PerPage,
  type SearchParamsLike,
  type SortSpec,
} from "../deliveries/delivery-filter";
import { uuidString } from "../validation/uuid";

// Client-safe: the failures toolbar imports these.

export const FAILED_WEBHOOK_STATUSES = ["pending", "retried", "failed_permanently"] as const;
export type FailedWebhookStatus = (typeof FAILED_WEBHOOK_STATUSES)[number];

export const FAILED_WEBHOOK_SORT_COLUMNS = ["created_at", "last_attempt_at", "attempt_count"] as const;
export type FailedWebhookSortColumn = (typeof FAILED_WEBHOOK_SORT_COLUMNS)[number];
export type FailedWebhookSort = SortSpec<FailedWebhookSortColumn>;
export const DEFAULT_FAILED_WEBHOOK_SORT: FailedWebhookSort = { by: "created_at", order: "desc" };

const uuid = uuidString();
const instant = z.coerce.date("Must be a date or date-time (ISO 8601)");

/**
 * The backend's dead-letter filter. Destination and event type are read from the stored
 * envelope (failed_webhooks has no foreign keys by design). Dates are [from, to).
 */
export const failedWebhookFilterSchema = z.strictObject({
  status: z.array(z.enum(FAILED_WEBHOOK_STATUSES)).max(3).optional(),
  destinationId: z.array(uuid).max(100).optional(),
  eventType: searchText(100).optional(),
  createdFrom: instant.optional(),
  createdTo: instant.optional(),
  q: searchText(200).optional(),
});
export type FailedWebhookFilter = z.output<typeof failedWebhookFilterSchema>;

export interface FailedWebhookSearchState {
  filter: FailedWebhookFilter;
  sort: FailedWebhookSort;
  perPage: PerPage;
  cursor: string | null;
  direction: "next" | "prev";
}

/** The failures page's state from its URL; bad values fall back to defaults, never an error. */
export function parseFailedWebhookSearchParams(params: SearchParamsLike): FailedWebhookSearchState {
  const status = readList(params, "status").filter((s): s is FailedWebhookStatus =>
    (FAILED_WEBHOOK_STATUSES as readonly string[]).includes(s),
  );
  const destinationId = [...readList(params, "destination"), ...readList(params, "destinationId")]
    .filter((id) => uuid.safeParse(id).success)
    .slice(0, 100);
  const eventType = failedWebhookFilterSchema.shape.eventType.safeParse(readParam(params, "eventType"));
  const q = failedWebhookFilterSchema.shape.q.safeParse(readParam(params, "q"));
  const filter: FailedWebhookFilter = {
    status: status.length ? [...new Set(status)] : undefined,
    destinationId: destinationId.length ? [...new Set(destinationId.map((id) => id.toLowerCase()))] : undefined,
    eventType: eventType.success ? eventType.data : undefined,
    createdFrom: parseUrlDate(readParam(params, "createdFrom") ?? readParam(params, "from"), false),
    createdTo: parseUrlDate(readParam(params, "createdTo") ?? readParam(params, "to"), true),
    q: q.success ? q.data : undefined,
  };
  for (const key of Object.keys(filter) as (keyof FailedWebhookFilter)[])
    if (filter[key] === undefined) delete filter[key];
  const cursor = readParam(params, "cursor");
  return {
    filter,
    sort: parseSort(readParam(params, "sort"), FAILED_WEBHOOK_SORT_COLUMNS, DEFAULT_FAILED_WEBHOOK_SORT),
    perPage: parsePerPage(readParam(params, "perPage")),
    cursor: cursor && cursor.length <= 512 ? cursor : null,
    direction: readParam(params, "dir") === "prev" ? "prev" : "next",
  };
}

/** The inverse, for links; defaults are left out. */
export function failedWebhookSearchParamsToQuery(state: Partial<FailedWebhookSearchState>): URLSearchParams {
  const out = new URLSearchParams();
  const f = state.filter ?? {};
  if (f.status?.length) out.set("status", f.status.join(","));
  if (f.destinationId?.length) out.set("destination", f.destinationId.join(","));
  if (f.eventType) out.set("eventType", f.eventType);
  if (f.createdFrom) out.set("createdFrom", f.createdFrom.toISOString());
  if (f.createdTo) out.set("createdTo", f.createdTo.toISOString());
  if (f.q) out.set("q", f.q);
  if (
    state.sort &&
    (state.sort.by !== DEFAULT_FAILED_WEBHOOK_SORT.by || state.sort.order !== DEFAULT_FAILED_WEBHOOK_SORT.order)
  )
    out.set("sort", `${state.sort.by}.${state.sort.order}`);
  if (state.perPage && state.perPage !== 50) out.set("perPage", String(state.perPage));
  if (state.cursor) out.set("cursor", state.cursor);
  if (state.direction === "prev") out.set("dir", "prev");
  return out;
}
