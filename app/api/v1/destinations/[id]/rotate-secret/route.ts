import { apiRoute } from "@/lib/api/handle-route";
import { readNoBody } from "@/lib/api/read-json-body";
import { PREVIOUS_SECRET_TTL_HOURS, rotateSigningSecret } from "@/lib/destinations/rotate-signing-secret";

/** The new secret, once. The previous one keeps signing alongside it for 24 h. */
export const POST = apiRoute<{ id: string }>("manage", async ({ request, principal, params }) => {
  await readNoBody(request);
  const { signingSecret } = await rotateSigningSecret(principal.orgId, params.id, principal.actor);
  return Response.json({
    id: params.id,
    signing_secret: signingSecret,
    previous_secret_valid_hours: PREVIOUS_SECRET_TTL_HOURS,
  });
});
