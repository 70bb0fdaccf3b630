import { apiRoute } from "@/lib/api/handle-route";
import { ConflictError } from "@/lib/errors";
import { discardFailedWebhooks } from "@/lib/failed-webhooks/discard-failed-webhooks";
import { getFailedWebhook } from "@/lib/failed-webhooks/get-failed-webhook";

/** A pending dead letter becomes failed_permanently. */
export const POST = apiRoute<{ id: string }>(async ({ principal, params }) => {
  const current = await getFailedWebhook(principal.orgId, params.id);
  const { count } = await discardFailedWebhooks(principal.orgId, { ids: [params.id] }, principal.actor);
  if (count === 0)
    throw new ConflictError(`Only pending failed webhooks can be discarded; this one is ${current.status}`);
  return Response.json(await getFailedWebhook(principal.orgId, params.id));
});
