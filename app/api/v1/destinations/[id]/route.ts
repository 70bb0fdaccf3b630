import { apiRoute } from "@/lib/api/handle-route";
import { readJsonBody } from "@/lib/api/read-json-body";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { getDestination } from "@/lib/destinations/get-destination";
import { updateDestination } from "@/lib/destinations/update-destination";

type Params = { id: string };

export const GET = apiRoute<Params>(async ({ principal, params }) =>
  Response.json(await getDestination(principal.orgId, params.id)),
);

export const PATCH = apiRoute<Params>(async ({ request, principal, params }) =>
  Response.json(
    await updateDestination(principal.orgId, params.id, await readJsonBody(request, 64 * 1024), principal.actor),
  ),
);

export const DELETE = apiRoute<Params>(async ({ principal, params }) => {
  const { cascadedDeliveries } = await deleteDestination(principal.orgId, params.id, principal.actor);
  return Response.json({ id: params.id, deleted: true, cascadedDeliveries });
});
