import "../validation/zod-in-browser";
import { z } from "zod";
import { isStorableText } from "../ingest/json-limits";
import { uuidString } from "../validation/uuid";

// Client-safe: the dashboard's toolbar imports these schemas and parsers.

export const DELIVERY_STATUSES = ["pending", "delivered", "failed", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_SORT_COLUMNS = ["created_at", "last_attempt_at", "next_retry_at", "attempts"] as const;
export type DeliverySortColumn = (typeof DELIVERY_SORT_COLUMNS)[number];

export const PER_PAGE_OPTIONS = [25, 50, 100] as const;
export type PerPage = (typeof PER_PAGE_OPTIONS)[number];

export const RESPONSE_STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx", "none"] as const;
/** A class of HTTP statuses, "none" (no response: network error or never attempted), or an exact code. */
export type ResponseStatusFilter = (typeof RESPONSE_STATUS_CLASSES)[number] | number;

export interface SortSpec<C extends string> {
  by: C;
  order: "asc" | "desc";
}
export type DeliverySort = SortSpec<DeliverySortColumn>;
export const DEFAULT_DELIVERY_SORT: DeliverySort = { by: "created_at", order: "desc" };

const uuid = uuidString();

export const responseStatusFilterSchema = z.union([
  z.enum(RESPONSE_STATUS_CLASSES),
  z.coerce
    .number()
    .int("Must be a whole number")
    .min(100, "HTTP statuses are 100–599")
    .max(599, "HTTP statuses are 100–599"),
]);

const instant = z.coerce.date("Must be a date or date-time (ISO 8601)");
/** Free text sent to PostgreSQL as a parameter: NUL or an unpaired surrogate would be a database error. */
export const searchText = (max: number) =>
  z.string().trim().min(1).max(max).refine(isStorableText, "Must be valid Unicode text without NUL characters");

/**
 * The backend's filter: strict, every value typed. Date ranges are [from, to) — `to` is
 * exclusive; the URL parser turns a date-only `to` into the following midnight so a picked day
 * is included.
 */
export const deliveryFilterSchema = z.strictObject({
  status: z.array(z.enum(DELIVERY_STATUSES)).max(4).optional(),
  destinationId: z.array(uuid).max(100).optional(),
  eventType: searchText(100).optional(),
  responseStatus: responseStatusFilterSchema.optional(),
  createdFrom: instant.optional(),
  createdTo: instant.optional(),
  lastAttemptFrom: instant.optional(),
  lastAttemptTo: instant.optional(),
  /** Text searched in error_message (case-insensitive substring). */
  q: searchText(200).optional(),
  minAttempts: z.coerce.number().int().min(0).max(1000).optional(),
  /** The deliveries one activity log fanned out to. */
  logId: uuid.optional(),
});
export type DeliveryFilter = z.output<typeof deliveryFilterSchema>;
export type DeliveryFilterInput = z.input<typeof deliveryFilterSchema>;

export const deliverySortSchema = z.object({
  by: z.enum(DELIVERY_SORT_COLUMNS),
  order: z.enum(["asc", "desc"]),
});

// ---- forgiving URL parsing (documenso's search-params idea): bad values fall back to defaults ----

export type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

export function readParam(params: SearchParamsLike, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Multi-value params accept `a,b` and repeated `?k=a&k=b`. */
export function readList(params: SearchParamsLike, key: string): string[] {
  const raw = params instanceof URLSearchParams ? params.getAll(key) : ([] as string[]).concat(params[key] ?? []);
  return raw
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO date or date-time; a date-only upper bound means "through the end of that day" (UTC). */
export function parseUrlDate(raw: string | undefined, upperBound: boolean): Date | undefined {
  if (!raw) return undefined;
  const date = new Date(DATE_ONLY.test(raw) ? `${raw}T00:00:00.000Z` : raw);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999) return undefined;
  if (upperBound && DATE_ONLY.test(raw)) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

export function parseSort<C extends string>(
  raw: string | undefined,
  columns: readonly C[],
  fallback: SortSpec<C>,
): SortSpec<C> {
  if (!raw) return fallback;
  const [by, order = "desc"] = raw.split(".");
  if (!columns.includes(by as C) || (order !== "asc" && order !== "desc")) return fallback;
  return { by: by as C, order };
}

export function parsePerPage(raw: string | undefined): PerPage {
  const n = Number(raw);
  return (PER_PAGE_OPTIONS as readonly number[]).includes(n) ? (n as PerPage) : 50;
}

export interface DeliverySearchState {
  filter: DeliveryFilter;
  sort: DeliverySort;
  perPage: PerPage;
  /** Opaque; listDeliveries ignores one that does not belong to this sort. */
  cursor: string | null;
  direction: "next" | "prev";
}

function pick<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (raw === undefined || raw === "") return undefined;
  const result = schema.safeParse(raw);
  return result.success ? result.data : undefined;
}

/**
 * The deliveries page's state from its URL. Keys: status (comma list), destination (comma list
 * of ids; `destinationId` accepted too), eventType, responseStatus, createdFrom, createdTo,
 * lastAttemptFrom, lastAttemptTo, q, minAttempts, logId, sort (`created_at.desc`), perPage, cursor,
 * dir (`prev`). Never throws: an unknown status is dropped, a bad
 * date or number is ignored, a bad sort or page size falls back to the default — a
 * hand-edited or stale link shows a sensible table, not an error page.
 */
export function parseDeliverySearchParams(params: SearchParamsLike): DeliverySearchState {
  const status = readList(params, "status").filter((s): s is DeliveryStatus =>
    (DELIVERY_STATUSES as readonly string[]).includes(s),
  );
  const destinationId = [...readList(params, "destination"), ...readList(params, "destinationId")]
    .filter((id) => uuid.safeParse(id).success)
    .slice(0, 100);
  const filter: DeliveryFilter = {
    status: status.length ? [...new Set(status)] : undefined,
    destinationId: destinationId.length ? [...new Set(destinationId.map((id) => id.toLowerCase()))] : undefined,
    eventType: pick(deliveryFilterSchema.shape.eventType, readParam(params, "eventType")),
    responseStatus: pick(responseStatusFilterSchema, readParam(params, "responseStatus")),
    createdFrom: parseUrlDate(readParam(params, "createdFrom"), false),
    createdTo: parseUrlDate(readParam(params, "createdTo"), true),
    lastAttemptFrom: parseUrlDate(readParam(params, "lastAttemptFrom"), false),
    lastAttemptTo: parseUrlDate(readParam(params, "lastAttemptTo"), true),
    q: pick(deliveryFilterSchema.shape.q, readParam(params, "q")),
    minAttempts: pick(deliveryFilterSchema.shape.minAttempts, readParam(params, "minAttempts")),
    logId: pick(uuid, readParam(params, "logId"))?.toLowerCase(),
  };
  for (const key of Object.keys(filter) as (keyof DeliveryFilter)[]) if (filter[key] === undefined) delete filter[key];
  const cursor = readParam(params, "cursor");
  return {
    filter,
    sort: parseSort(readParam(params, "sort"), DELIVERY_SORT_COLUMNS, DEFAULT_DELIVERY_SORT),
    perPage: parsePerPage(readParam(params, "perPage")),
    cursor: cursor && cursor.length <= 512 ? cursor : null,
    direction: readParam(params, "dir") === "prev" ? "prev" : "next",
  };
}

/** The inverse, for links (overview → filtered table, pagination): defaults are left out. */
export function deliverySearchParamsToQuery(state: Partial<DeliverySearchState>): URLSearchParams {
  const out = new URLSearchParams();
  const f = state.filter ?? {};
  if (f.status?.length) out.set("status", f.status.join(","));
  if (f.destinationId?.length) out.set("destination", f.destinationId.join(","));
  if (f.eventType) out.set("eventType", f.eventType);
  if (f.responseStatus !== undefined) out.set("responseStatus", String(f.responseStatus));
  if (f.createdFrom) out.set("createdFrom", f.createdFrom.toISOString());
  if (f.createdTo) out.set("createdTo", f.createdTo.toISOString());
  if (f.lastAttemptFrom) out.set("lastAttemptFrom", f.lastAttemptFrom.toISOString());
  if (f.lastAttemptTo) out.set("lastAttemptTo", f.lastAttemptTo.toISOString());
  if (f.q) out.set("q", f.q);
  if (f.minAttempts !== undefined) out.set("minAttempts", String(f.minAttempts));
  if (f.logId) out.set("logId", f.logId);
  if (state.sort && (state.sort.by !== DEFAULT_DELIVERY_SORT.by || state.sort.order !== DEFAULT_DELIVERY_SORT.order))
    out.set("sort", `${state.sort.by}.${state.sort.order}`);
  if (state.perPage && state.perPage !== 50) out.set("perPage", String(state.perPage));
  if (state.cursor) out.set("cursor", state.cursor);
  if (state.direction === "prev") out.set("dir", "prev");
  return out;
}
