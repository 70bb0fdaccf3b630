import { z } from "zod";
import { ValidationError } from "../errors";
import {
  deliveryApiFilterParsers,
  deliveryApiUrlKeys,
  DELIVERY_SORT_COLUMNS,
  type DeliveryFilter,
  type DeliverySort,
} from "../deliveries";
import {
  failedWebhookApiFilterParsers,
  failedWebhookApiUrlKeys,
  FAILED_WEBHOOK_SORT_COLUMNS,
  type FailedWebhookFilter,
  type FailedWebhookSort,
} from "../failed-webhooks";
import type { FilterOf, SchemaParser, SortSpec } from "../list/search-param-parsers";
import { zodFieldErrors } from "../validation/field-errors";

// The management API's list parameters, derived from each list's URL spec. Unlike the dashboard
// these are strict: an automation client that sends `status=gone` wants a 400 telling it so, not
// a silently different result set. Each parser's zod schema is the strict check; the keys are
// the spec's snake_case URL keys.

export interface ApiListQuery<F, S> {
  filter: F;
  sort: S;
  cursor: string | null;
  direction: "next" | "prev";
  limit: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a map of any parsers; each is typed in its spec
type ParserMap = Record<string, SchemaParser<any>>;

function sortSchema<C extends string>(columns: readonly C[]) {
  return z
    .string()
    .regex(
      new RegExp(`^(${columns.join("|")})\\.(asc|desc)$`),
      `One of ${columns.map((c) => `${c}.asc|desc`).join(", ")}`,
    )
    .default("created_at.desc")
    .transform((raw) => {
      const [by, order] = raw.split(".") as [C, "asc" | "desc"];
      return { by, order };
    });
}

function parseStrictListQuery<M extends ParserMap, C extends string>(
  url: URL,
  parsers: M,
  urlKeys: Partial<Record<keyof M, string>>,
  sortColumns: readonly C[],
): ApiListQuery<FilterOf<M>, SortSpec<C>> {
  const keyOf = (key: string) => urlKeys[key] ?? key;
  const schema = z.strictObject({
    ...Object.fromEntries(Object.entries(parsers).map(([key, parser]) => [keyOf(key), parser.schema.optional()])),
    sort: sortSchema(sortColumns),
    cursor: z.string().max(512).optional(),
    direction: z.enum(["next", "prev"]).default("next"),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  });
  // A repeated key is one comma list, as the dashboard reads it.
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) raw[key] = key in raw ? `${raw[key]},${value}` : value;
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new ValidationError(
      "Invalid query parameters",
      zodFieldErrors(result.error, { rootKey: "query", knownFieldsAt: () => Object.keys(schema.shape) }),
    );
  const data = result.data as Record<string, unknown>;
  const filter: Record<string, unknown> = {};
  for (const key of Object.keys(parsers)) if (data[keyOf(key)] !== undefined) filter[key] = data[keyOf(key)];
  return {
    filter: filter as FilterOf<M>,
    sort: data.sort as SortSpec<C>,
    cursor: (data.cursor as string | undefined) ?? null,
    direction: data.direction as "next" | "prev",
    limit: data.limit as number,
  };
}

/** GET /api/v1/deliveries: status, destination_id (comma lists), event_type, from, to (ISO, [from, to)), cursor, … */
export function parseDeliveryListQuery(url: URL): ApiListQuery<DeliveryFilter, DeliverySort> {
  return parseStrictListQuery(url, deliveryApiFilterParsers, deliveryApiUrlKeys, DELIVERY_SORT_COLUMNS);
}

export function parseFailedWebhookListQuery(url: URL): ApiListQuery<FailedWebhookFilter, FailedWebhookSort> {
  return parseStrictListQuery(url, failedWebhookApiFilterParsers, failedWebhookApiUrlKeys, FAILED_WEBHOOK_SORT_COLUMNS);
}
