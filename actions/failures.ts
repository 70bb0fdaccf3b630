"use server";

import { assertFailedWebhooksInOrg } from "@/lib/actions/assert-owned";
import { defineAction } from "@/lib/actions/define-action";
import { revalidatePaths } from "@/lib/actions/revalidate";
import {
  countFailedWebhooks,
  discardFailedWebhooks,
  FAILED_WEBHOOK_STATUSES,
  parseFailedWebhookSearchParams,
  retryFailedWebhooks,
  type FailedWebhookFilter,
  type FailedWebhookStatus,
  type FailedWebhookTarget,
} from "@/lib/failed-webhooks";
import {
  failedWebhookQuerySchema,
  failedWebhookTargetSchema,
  type FailedWebhookTargetInput,
} from "./failures.validation";

async function toTarget(orgId: string, input: FailedWebhookTargetInput): Promise<FailedWebhookTarget> {
  if ("ids" in input) {
    await assertFailedWebhooksInOrg(orgId, input.ids);
    return { ids: input.ids };
  }
  return { filter: parseFailedWebhookSearchParams(new URLSearchParams(input.query)).filter };
}

async function countIn(orgId: string, filter: FailedWebhookFilter, statuses: FailedWebhookStatus[]) {
  const status = (filter.status ?? [...FAILED_WEBHOOK_STATUSES]).filter((s) => statuses.includes(s));
  return status.length ? countFailedWebhooks(orgId, { ...filter, status }) : { count: 0, estimated: false };
}

/** DESIGN.md, Review: re-queues each row's delivery and marks the row `retried`. */
export const retryFailedWebhooksAction = defineAction(
  { name: "failures.retry", capability: "manageFailures", input: failedWebhookTargetSchema },
  async (input, ctx) => {
    const result = await retryFailedWebhooks(
      ctx.user.orgId,
      await toTarget(ctx.user.orgId, input),
      ctx.actor,
      ctx.progress,
    );
    revalidatePaths("/failures", "/deliveries", "/");
    return result;
  },
);

export const discardFailedWebhooksAction = defineAction(
  { name: "failures.discard", capability: "manageFailures", input: failedWebhookTargetSchema },
  async (input, ctx) => {
    const result = await discardFailedWebhooks(
      ctx.user.orgId,
      await toTarget(ctx.user.orgId, input),
      ctx.actor,
      ctx.progress,
    );
    revalidatePaths("/failures", "/");
    return result;
  },
);

/** For the "all matching" confirmation: rows retry (pending, discarded) and discard (pending) would touch. */
export const countFailedWebhookTargetsAction = defineAction(
  { name: "failures.countTargets", capability: "read", input: failedWebhookQuerySchema },
  async (input, ctx) => {
    const { filter } = parseFailedWebhookSearchParams(new URLSearchParams(input.query));
    const [matching, retryable, discardable] = await Promise.all([
      countFailedWebhooks(ctx.user.orgId, filter),
      countIn(ctx.user.orgId, filter, ["pending", "failed_permanently"]),
      countIn(ctx.user.orgId, filter, ["pending"]),
    ]);
    return { matching, retryable, discardable };
  },
);
