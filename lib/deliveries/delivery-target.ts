import { isUuid } from "../validation/ids";
import { checkSelectionSize } from "../bulk/bulk-target";
import { Prisma, type Sql } from "../db/sql";
import { deliveryConditions, type OrgDestinations } from "./delivery-conditions";
import type { DeliveryFilter } from "./delivery-filter";

/** Which deliveries a bulk action applies to: a selection, or everything matching a filter. */
export type DeliveryTarget = { ids: string[] } | { filter: DeliveryFilter };

/** Conditions selecting the target within the org; malformed ids simply match nothing. */
export function targetConditions(org: OrgDestinations, target: DeliveryTarget): Sql[] {
  if ("ids" in target) {
    checkSelectionSize(target.ids);
    return [
      Prisma.sql`d.destination_id = ANY (${org.ids}::uuid[])`,
      Prisma.sql`d.id = ANY (${target.ids.filter(isUuid)}::uuid[])`,
    ];
  }
  return deliveryConditions(org, target.filter);
}
