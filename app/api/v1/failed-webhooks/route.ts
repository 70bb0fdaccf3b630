import { apiRoute } from "@/lib/api/handle-route";
import { parseFailedWebhookListQuery } from "@/lib/api/list-query";
import { listFailedWebhooks } from "@/lib/failed-webhooks/list-failed-webhooks";

export const GET = apiRoute(async ({ request, principal }) => {
  const query = parseFailedWebhookListQuery(new URL(request.url));
  const page = await listFailedWebhooks(principal.orgId, query.filter, { ...query, strictCursor: true });
  return Response.json({ data: page.rows, nextCursor: page.nextCursor, prevCursor: page.prevCursor });
});
