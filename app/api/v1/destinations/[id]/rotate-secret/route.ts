import { apiRoute } from "@/lib/api/handle-route";
import { PREVIOUS_SECRET_TTL_HOURS, rotateSigningSecret } from "@/lib/destinations/rotate-signing-secret";

/** The new secret, once. The previous one keeps signing alongside it for 24 h. */
export const POST = apiRoute<{ id: string }>(async ({ principal, params }) => {
  const { signingSecret } = await rotateSigningSecret(principal.orgId, params.id, principal.actor);
  return Response.json({ id: params.id, signingSecret, previousSecretValidHours: PREVIOUS_SECRET_TTL_HOURS });
});
