import "../validation/zod-in-browser";
import { z } from "zod";
import {
  parsePerPage,
  parseUrlDate,
  readList,
  readParam,
  type PerPage,
  type SearchParamsLike,
} from "../deliveries/delivery-filter";
import { uuidString } from "../validation/uuid";

// Client-safe: the activity page's toolbar and links use the same keys.

const uuid = uuidString();
const shortText = (max: number) => z.string().trim().min(1).max(max);

/** The backend's filter for activity logs: every value already validated. */
export const activityFilterSchema = z.strictObject({
  eventType: z.array(shortText(100)).max(50).optional(),
  category: z.array(shortText(50)).max(50).optional(),
  employeeId: z.array(uuid).max(50).optional(),
  client: z.array(shortText(100)).max(20).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  /** Case-insensitive substring of the content column. */
  q: shortText(200).optional(),
});
export type ActivityFilter = z.output<typeof activityFilterSchema>;

export interface ActivitySearchState {
  filter: ActivityFilter;
  perPage: PerPage;
  cursor: string | null;
  direction: "next" | "prev";
}

function validList<T>(values: string[], schema: z.ZodType<T>, max: number): T[] | undefined {
  const ok = [...new Set(values)].flatMap((v) => {
    const r = schema.safeParse(v);
    return r.success ? [r.data] : [];
  });
  return ok.length ? ok.slice(0, max) : undefined;
}

/**
 * The activity page's state from its URL. Never throws; a bad value is dropped so a stale or
 * hand-edited link still shows a table. Keys match the deliveries page (`cursor`, `dir`,
 * `perPage`).
 */
export function parseActivitySearchParams(params: SearchParamsLike): ActivitySearchState {
  const q = shortText(200).safeParse(readParam(params, "q") ?? "");
  const filter: ActivityFilter = {
    eventType: validList(readList(params, "eventType"), shortText(100), 50),
    category: validList(readList(params, "category"), shortText(50), 50),
    employeeId: validList(readList(params, "employeeId"), uuid, 50)?.map((id) => id.toLowerCase()),
    client: validList(readList(params, "client"), shortText(100), 20),
    from: parseUrlDate(readParam(params, "from"), false),
    to: parseUrlDate(readParam(params, "to"), true),
    q: q.success ? q.data : undefined,
  };
  for (const key of Object.keys(filter) as (keyof ActivityFilter)[]) if (filter[key] === undefined) delete filter[key];
  const cursor = readParam(params, "cursor");
  return {
    filter,
    perPage: parsePerPage(readParam(params, "perPage")),
    cursor: cursor && cursor.length <= 512 ? cursor : null,
    direction: readParam(params, "dir") === "prev" ? "prev" : "next",
  };
}

export const ACTIVITY_URL_KEYS = [
  "eventType",
  "category",
  "employeeId",
  "client",
  "from",
  "to",
  "q",
  "perPage",
] as const;

/** The canonical query of a state (defaults left out): equal states give equal strings. */
export function activitySearchParamsToQuery(state: ActivitySearchState): URLSearchParams {
  const out = new URLSearchParams();
  const f = state.filter;
  if (f.eventType?.length) out.set("eventType", f.eventType.join(","));
  if (f.category?.length) out.set("category", f.category.join(","));
  if (f.employeeId?.length) out.set("employeeId", f.employeeId.join(","));
  if (f.client?.length) out.set("client", f.client.join(","));
  if (f.from) out.set("from", f.from.toISOString());
  if (f.to) out.set("to", f.to.toISOString());
  if (f.q) out.set("q", f.q);
  if (state.perPage !== 50) out.set("perPage", String(state.perPage));
  if (state.cursor) out.set("cursor", state.cursor);
  if (state.direction === "prev") out.set("dir", "prev");
  return out;
}
