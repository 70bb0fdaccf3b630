import { destinationInputFromBody, withApiFieldNames } from "@/lib/api/destination-body";
import { apiRoute } from "@/lib/api/handle-route";
import { presentDestination } from "@/lib/api/present-destination";
import { readJsonBody, readNoBody } from "@/lib/api/read-json-body";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { getDestination } from "@/lib/destinations/get-destination";
import { updateDestination } from "@/lib/destinations/update-destination";

type Params = { id: string };
const BODY_LIMIT = 64 * 1024;

export const GET = apiRoute<Params>("manage", async ({ principal, params }) =>
  Response.json(presentDestination(await getDestination(principal.orgId, params.id))),
);

export const PATCH = apiRoute<Params>("manage", async ({ request, principal, params }) => {
  const input = destinationInputFromBody(await readJsonBody(request, BODY_LIMIT), "update");
  const updated = await withApiFieldNames(() => updateDestination(principal.orgId, params.id, input, principal.actor));
  return Response.json(presentDestination(updated));
});

export const DELETE = apiRoute<Params>("manage", async ({ request, principal, params }) => {
  await readNoBody(request);
  const { cascadedDeliveries } = await deleteDestination(principal.orgId, params.id, principal.actor);
  return Response.json({ id: params.id, deleted: true, cascaded_deliveries: cascadedDeliveries });
});
