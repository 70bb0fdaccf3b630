import { destinationInputFromBody, withApiFieldNames } from "@/lib/api/destination-body";
import { apiRoute } from "@/lib/api/handle-route";
import { presentDestination, presentDestinationWithHealth } from "@/lib/api/present-destination";
import { readJsonBody } from "@/lib/api/read-json-body";
import { createDestination } from "@/lib/destinations/create-destination";
import { listDestinations } from "@/lib/destinations/list-destinations";

const DESTINATION_BODY_LIMIT = 64 * 1024;

export const GET = apiRoute("manage", async ({ principal }) =>
  Response.json({ data: (await listDestinations(principal.orgId)).map(presentDestinationWithHealth) }),
);

/** 201 with the destination and its signing secret — the only time the secret is returned unasked. */
export const POST = apiRoute("manage", async ({ request, principal }) => {
  const input = destinationInputFromBody(await readJsonBody(request, DESTINATION_BODY_LIMIT), "create");
  const created = await withApiFieldNames(() => createDestination(principal.orgId, input, principal.actor));
  return Response.json(
    { destination: presentDestination(created.destination), signing_secret: created.signingSecret },
    { status: 201, headers: { location: `/api/v1/destinations/${created.destination.id}` } },
  );
});
