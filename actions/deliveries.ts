"use server";

import { assertDeliveriesInOrg } from "@/lib/actions/assert-owned";
import { defineAction } from "@/lib/actions/define-action";
import { revalidatePaths } from "@/lib/actions/revalidate";
import {
  cancelDeliveries,
  countDeliveries,
  DELIVERY_STATUSES,
  parseDeliverySearchParams,
  retryDeliveries,
  type DeliveryFilter,
  type DeliveryStatus,
} from "@/lib/deliveries";
import type { DeliveryTarget } from "@/lib/deliveries/delivery-target";
import { deliveryQuerySchema, deliveryTargetSchema, type DeliveryTargetInput } from "./deliveries.validation";

async function toTarget(orgId: string, input: DeliveryTargetInput): Promise<DeliveryTarget> {
  if ("ids" in input) {
    await assertDeliveriesInOrg(orgId, input.ids);
    return { ids: input.ids };
  }
  return { filter: parseDeliverySearchParams(new URLSearchParams(input.query)).filter };
}

/** Counts the filter narrowed to the statuses an action can change (retry: failed/dead; cancel: pending/failed). */
async function countChangeable(orgId: string, filter: DeliveryFilter, statuses: DeliveryStatus[]) {
  const status = (filter.status ?? [...DELIVERY_STATUSES]).filter((s) => statuses.includes(s));
  return status.length ? countDeliveries(orgId, { ...filter, status }) : { count: 0, estimated: false };
}

/** Retry and cancel: the same target (a selection or a filter), progress and pages to refresh. */
function bulkDeliveryAction(name: string, run: typeof retryDeliveries | typeof cancelDeliveries) {
  return defineAction({ name, capability: "manageDeliveries", input: deliveryTargetSchema }, async (input, ctx) => {
    const result = await run(ctx.user.orgId, await toTarget(ctx.user.orgId, input), ctx.actor, ctx.progress);
    revalidatePaths("/deliveries", "/failures", "/");
    return result;
  });
}

export const retryDeliveriesAction = bulkDeliveryAction("deliveries.retry", retryDeliveries);
export const cancelDeliveriesAction = bulkDeliveryAction("deliveries.cancel", cancelDeliveries);

/** For the "all matching" confirmation: how many rows each bulk action would change. */
export const countDeliveryTargetsAction = defineAction(
  { name: "deliveries.countTargets", capability: "read", input: deliveryQuerySchema },
  async (input, ctx) => {
    const { filter } = parseDeliverySearchParams(new URLSearchParams(input.query));
    const [matching, retryable, cancellable] = await Promise.all([
      countDeliveries(ctx.user.orgId, filter),
      countChangeable(ctx.user.orgId, filter, ["failed", "dead"]),
      countChangeable(ctx.user.orgId, filter, ["pending", "failed"]),
    ]);
    return { matching, retryable, cancellable };
  },
);
