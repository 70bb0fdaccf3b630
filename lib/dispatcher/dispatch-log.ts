import { logger, type Logger } from "../log/logger";
import type { ClaimedDelivery } from "./claimed-delivery";

/**
 * The dispatcher's structured log. Lines about a delivery come from `deliveryLogger`, so each
 * carries `deliveryId` and `destinationId`; a cron run passes its request's logger instead of
 * this one, so its lines carry the request id too. Never log URLs (their paths and query
 * strings often hold receivers' tokens), headers, or request and response bodies.
 */
export const dispatchLogger: Logger = logger.child({ component: "dispatcher" });

export function deliveryLogger(base: Logger, delivery: Pick<ClaimedDelivery, "id" | "destination">): Logger {
  return base.child({ deliveryId: delivery.id, destinationId: delivery.destination.id });
}

/**
 * LOG_FORMAT=json: every line on stdout is JSON, so a log shipper can parse the whole stream.
 * The worker's and the ticker's human-readable console lines then go through pino instead of
 * being printed beside it.
 */
export function jsonLogsOnly(): boolean {
  return process.env.LOG_FORMAT === "json";
}
