import { apiRoute } from "@/lib/api/handle-route";
import { parseDeliveryListQuery } from "@/lib/api/list-query";
import { presentDelivery } from "@/lib/api/present-delivery";
import { listDeliveries } from "@/lib/deliveries/list-deliveries";

export const GET = apiRoute("manage", async ({ request, principal }) => {
  const query = parseDeliveryListQuery(new URL(request.url));
  const page = await listDeliveries(principal.orgId, query.filter, { ...query, strictCursor: true });
  return Response.json({
    data: page.rows.map(presentDelivery),
    next_cursor: page.nextCursor,
    prev_cursor: page.prevCursor,
  });
});
