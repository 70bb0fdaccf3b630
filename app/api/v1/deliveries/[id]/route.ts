import { apiRoute } from "@/lib/api/handle-route";
import { getDeliveryDetail } from "@/lib/deliveries/get-delivery-detail";

export const GET = apiRoute<{ id: string }>(async ({ principal, params }) =>
  Response.json(await getDeliveryDetail(principal.orgId, params.id)),
);
