import { db } from "../db/client";

export interface OidcProfile {
  sub?: unknown;
  email?: unknown;
  email_verified?: unknown;
}

export type OidcLink = { ok: true; userId: string } | { ok: false; reason: string };

/** The issuer as configured, without a trailing slash, so one IdP is always one string. */
export function oidcIssuer(): string {
  return (process.env.OIDC_ISSUER ?? "").replace(/\/+$/, "");
}

/**
 * Who an identity provider's sign-in is, here. An identity already linked signs in by its
 * (issuer, subject) pair alone, whatever its e-mail says now. An unlinked one is matched to an
 * existing active account by e-mail only when the IdP vouches for that address
 * (`email_verified === true`) — on an IdP where users set their own address, anyone could
 * otherwise become any local user — and only when that account has no other identity of this
 * issuer linked; the pair is then remembered. No account is ever created this way.
 */
export async function linkOidcUser(issuer: string, profile: OidcProfile): Promise<OidcLink> {
  const subject = typeof profile.sub === "string" ? profile.sub : "";
  if (!issuer || !subject) return { ok: false, reason: "the identity provider sent no subject" };
  const linked = await db.userIdentity.findUnique({
    where: { issuer_subject: { issuer, subject } },
    select: { user: { select: { id: true, active: true } } },
  });
  if (linked) return linked.user.active ? { ok: true, userId: linked.user.id } : { ok: false, reason: "inactive" };
  if (profile.email_verified !== true) return { ok: false, reason: "the identity provider did not verify the e-mail" };
  const email = typeof profile.email === "string" ? profile.email.trim().toLowerCase() : "";
  if (!email) return { ok: false, reason: "the identity provider sent no e-mail" };
  const user = await db.user.findUnique({ where: { email }, select: { id: true, active: true } });
  if (!user?.active) return { ok: false, reason: "no active account with that e-mail" };
  const other = await db.userIdentity.findUnique({ where: { userId_issuer: { userId: user.id, issuer } } });
  if (other) return { ok: false, reason: "the account is linked to another identity of this provider" };
  // Two first sign-ins at once: the pair's primary key lets one win; the other is refused above next time.
  await db.userIdentity.createMany({ data: [{ issuer, subject, userId: user.id }], skipDuplicates: true });
  const now = await db.userIdentity.findUnique({ where: { issuer_subject: { issuer, subject } } });
  return now?.userId === user.id ? { ok: true, userId: user.id } : { ok: false, reason: "linked elsewhere" };
}
