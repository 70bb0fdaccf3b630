import { apiRoute } from "@/lib/api/handle-route";
import { getFailedWebhook } from "@/lib/failed-webhooks/get-failed-webhook";

export const GET = apiRoute<{ id: string }>(async ({ principal, params }) =>
  Response.json(await getFailedWebhook(principal.orgId, params.id)),
);
