import { apiRoute } from "@/lib/api/handle-route";
import { readNoBody } from "@/lib/api/read-json-body";
import { ConflictError } from "@/lib/errors";
import { getDeliveryDetail } from "@/lib/deliveries/get-delivery-detail";
import { retryDeliveries } from "@/lib/deliveries/retry-deliveries";

/** Re-queues a failed or dead delivery now (attempts reset). 404 for another org's id, 409 when it is not retryable. */
export const POST = apiRoute<{ id: string }>("manage", async ({ request, principal, params }) => {
  await readNoBody(request);
  const current = await getDeliveryDetail(principal.orgId, params.id);
  const { count } = await retryDeliveries(principal.orgId, { ids: [params.id] }, principal.actor);
  if (count === 0)
    throw new ConflictError(`Only failed or dead deliveries can be retried; this one is ${current.delivery.status}`);
  return Response.json({ id: params.id, status: "pending", retried: true }, { status: 202 });
});
