import { apiRoute } from "@/lib/api/handle-route";
import { presentFailedWebhookDetail } from "@/lib/api/present-failed-webhook";
import { readNoBody } from "@/lib/api/read-json-body";
import { ConflictError } from "@/lib/errors";
import { getFailedWebhook } from "@/lib/failed-webhooks/get-failed-webhook";
import { retryFailedWebhooks } from "@/lib/failed-webhooks/retry-failed-webhooks";

/** DESIGN.md Review: re-queue the delivery, mark the dead letter retried. */
export const POST = apiRoute<{ id: string }>("manage", async ({ request, principal, params }) => {
  await readNoBody(request);
  const current = await getFailedWebhook(principal.orgId, params.id);
  const result = await retryFailedWebhooks(principal.orgId, { ids: [params.id] }, principal.actor);
  if (result.skipped > 0)
    throw new ConflictError("The delivery of this failed webhook no longer exists; it cannot be retried");
  if (result.count === 0) throw new ConflictError(`This failed webhook is already ${current.status}`);
  return Response.json(presentFailedWebhookDetail(await getFailedWebhook(principal.orgId, params.id)), {
    status: 202,
  });
});
