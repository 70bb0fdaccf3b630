import { z } from "zod";
import { ValidationError } from "../errors";
import {
  DELIVERY_SORT_COLUMNS,
  DELIVERY_STATUSES,
  type DeliveryFilter,
  type DeliverySort,
  responseStatusFilterSchema,
  searchText,
} from "../deliveries/delivery-filter";
import {
  FAILED_WEBHOOK_SORT_COLUMNS,
  FAILED_WEBHOOK_STATUSES,
  type FailedWebhookFilter,
  type FailedWebhookSort,
} from "../failed-webhooks/failed-webhook-filter";
import { zodFieldErrors } from "../validation/field-errors";
import { uuidString } from "../validation/uuid";

// The management API's list parameters. Unlike the dashboard's URL parser these are strict:
// an automation client that sends `status=gone` wants a 400 telling it so, not a silently
// different result set.

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((v) => v.trim())
            .filter(Boolean)
        : value,
    z.array(item).max(100),
  );

const uuid = uuidString();
const instant = z.coerce.date("Must be an ISO 8601 date or date-time");
const paging = {
  cursor: z.string().max(512).optional(),
  direction: z.enum(["next", "prev"]).default("next"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
};

const deliveryQuerySchema = z.strictObject({
  status: csv(z.enum(DELIVERY_STATUSES)).optional(),
  destination_id: csv(uuid).optional(),
  event_type: searchText(100).optional(),
  response_status: responseStatusFilterSchema.optional(),
  q: searchText(200).optional(),
  min_attempts: z.coerce.number().int().min(0).max(1000).optional(),
  log_id: uuid.optional(),
  from: instant.optional(),
  to: instant.optional(),
  sort: z
    .string()
    .regex(
      new RegExp(`^(${DELIVERY_SORT_COLUMNS.join("|")})\\.(asc|desc)$`),
      `One of ${DELIVERY_SORT_COLUMNS.map((c) => `${c}.asc|desc`).join(", ")}`,
    )
    .default("created_at.desc"),
  ...paging,
});

const failedWebhookQuerySchema = z.strictObject({
  status: csv(z.enum(FAILED_WEBHOOK_STATUSES)).optional(),
  destination_id: csv(uuid).optional(),
  event_type: searchText(100).optional(),
  q: searchText(200).optional(),
  from: instant.optional(),
  to: instant.optional(),
  sort: z
    .string()
    .regex(
      new RegExp(`^(${FAILED_WEBHOOK_SORT_COLUMNS.join("|")})\\.(asc|desc)$`),
      `One of ${FAILED_WEBHOOK_SORT_COLUMNS.map((c) => `${c}.asc|desc`).join(", ")}`,
    )
    .default("created_at.desc"),
  ...paging,
});

export interface ApiListQuery<F, S> {
  filter: F;
  sort: S;
  cursor: string | null;
  direction: "next" | "prev";
  limit: number;
}

function parseQuery<S extends z.ZodObject>(schema: S, url: URL): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) raw[key] = key in raw ? `${raw[key]},${value}` : value;
  const result = schema.safeParse(raw);
  const known = Object.keys(schema.shape);
  if (!result.success)
    throw new ValidationError(
      "Invalid query parameters",
      zodFieldErrors(result.error, { rootKey: "query", knownFieldsAt: () => known }),
    );
  return result.data;
}

function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** GET /api/v1/deliveries: status, destination_id (comma lists), event_type, from, to (ISO, [from, to)), cursor, … */
export function parseDeliveryListQuery(url: URL): ApiListQuery<DeliveryFilter, DeliverySort> {
  const q = parseQuery(deliveryQuerySchema, url);
  const [by, order] = q.sort.split(".") as [DeliverySort["by"], DeliverySort["order"]];
  return {
    filter: compact({
      status: q.status,
      destinationId: q.destination_id,
      eventType: q.event_type,
      responseStatus: q.response_status,
      q: q.q,
      minAttempts: q.min_attempts,
      logId: q.log_id,
      createdFrom: q.from,
      createdTo: q.to,
    }),
    sort: { by, order },
    cursor: q.cursor ?? null,
    direction: q.direction,
    limit: q.limit,
  };
}

export function parseFailedWebhookListQuery(url: URL): ApiListQuery<FailedWebhookFilter, FailedWebhookSort> {
  const q = parseQuery(failedWebhookQuerySchema, url);
  const [by, order] = q.sort.split(".") as [FailedWebhookSort["by"], FailedWebhookSort["order"]];
  return {
    filter: compact({
      status: q.status,
      destinationId: q.destination_id,
      eventType: q.event_type,
      q: q.q,
      createdFrom: q.from,
      createdTo: q.to,
    }),
    sort: { by, order },
    cursor: q.cursor ?? null,
    direction: q.direction,
    limit: q.limit,
  };
}
