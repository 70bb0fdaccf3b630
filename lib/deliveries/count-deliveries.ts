import "server-only";
import { Prisma } from "../db/sql";
import { countWithFallback, type CountOptions, type CountResult } from "../list/count-with-fallback";
import { deliveryConditions, loadOrgDestinations } from "./delivery-conditions";
import type { DeliveryFilter } from "./delivery-filter";

/** Counts matching deliveries: exact while cheap, else the planner's estimate (countWithFallback). */
export async function countDeliveries(
  orgId: string,
  filter: DeliveryFilter,
  options: CountOptions = {},
): Promise<CountResult> {
  const org = await loadOrgDestinations(orgId);
  if (org.ids.length === 0) return { count: 0, estimated: false };
  const where = Prisma.join(deliveryConditions(org, filter), " AND ");
  return countWithFallback(Prisma.sql`SELECT 1 FROM webhook_deliveries d WHERE ${where}`, options);
}
