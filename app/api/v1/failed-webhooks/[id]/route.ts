import { apiRoute } from "@/lib/api/handle-route";
import { presentFailedWebhookDetail } from "@/lib/api/present-failed-webhook";
import { getFailedWebhook } from "@/lib/failed-webhooks/get-failed-webhook";

export const GET = apiRoute<{ id: string }>("manage", async ({ principal, params }) =>
  Response.json(presentFailedWebhookDetail(await getFailedWebhook(principal.orgId, params.id))),
);
