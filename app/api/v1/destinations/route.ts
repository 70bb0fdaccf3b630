import { apiRoute } from "@/lib/api/handle-route";
import { readJsonBody } from "@/lib/api/read-json-body";
import { createDestination } from "@/lib/destinations/create-destination";
import { listDestinations } from "@/lib/destinations/list-destinations";

const BODY_LIMIT = 64 * 1024;

export const GET = apiRoute(async ({ principal }) => Response.json({ data: await listDestinations(principal.orgId) }));

/** 201 with the destination and its signing secret — the only time the secret is returned unasked. */
export const POST = apiRoute(async ({ request, principal }) => {
  const created = await createDestination(principal.orgId, await readJsonBody(request, BODY_LIMIT), principal.actor);
  return Response.json(created, {
    status: 201,
    headers: { location: `/api/v1/destinations/${created.destination.id}` },
  });
});
