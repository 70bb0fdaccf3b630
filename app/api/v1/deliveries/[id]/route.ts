import { apiRoute } from "@/lib/api/handle-route";
import { presentDeliveryDetail } from "@/lib/api/present-delivery";
import { getDeliveryDetail } from "@/lib/deliveries/get-delivery-detail";

export const GET = apiRoute<{ id: string }>("manage", async ({ principal, params }) =>
  Response.json(presentDeliveryDetail(await getDeliveryDetail(principal.orgId, params.id))),
);
