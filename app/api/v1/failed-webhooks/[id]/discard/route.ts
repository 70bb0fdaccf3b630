import { apiRoute } from "@/lib/api/handle-route";
import { presentFailedWebhookDetail } from "@/lib/api/present-failed-webhook";
import { readNoBody } from "@/lib/api/read-json-body";
import { ConflictError } from "@/lib/errors";
import { discardFailedWebhooks } from "@/lib/failed-webhooks/discard-failed-webhooks";
import { getFailedWebhook } from "@/lib/failed-webhooks/get-failed-webhook";

/** A pending dead letter becomes failed_permanently. */
export const POST = apiRoute<{ id: string }>("manage", async ({ request, principal, params }) => {
  await readNoBody(request);
  const current = await getFailedWebhook(principal.orgId, params.id);
  const { count } = await discardFailedWebhooks(principal.orgId, { ids: [params.id] }, principal.actor);
  if (count === 0)
    throw new ConflictError(`Only pending failed webhooks can be discarded; this one is ${current.status}`);
  return Response.json(presentFailedWebhookDetail(await getFailedWebhook(principal.orgId, params.id)));
});
