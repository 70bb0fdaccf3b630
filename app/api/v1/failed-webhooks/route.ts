import { apiRoute } from "@/lib/api/handle-route";
import { parseFailedWebhookListQuery } from "@/lib/api/list-query";
import { presentFailedWebhook } from "@/lib/api/present-failed-webhook";
import { listFailedWebhooks } from "@/lib/failed-webhooks/list-failed-webhooks";

export const GET = apiRoute("manage", async ({ request, principal }) => {
  const query = parseFailedWebhookListQuery(new URL(request.url));
  const page = await listFailedWebhooks(principal.orgId, query.filter, { ...query, strictCursor: true });
  return Response.json({
    data: page.rows.map(presentFailedWebhook),
    next_cursor: page.nextCursor,
    prev_cursor: page.prevCursor,
  });
});
