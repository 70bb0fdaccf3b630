import { getServerSession, type Session } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db/client";
import { ForbiddenError, UnauthorizedError } from "../errors";
import { authOptions } from "./options";
import { can, isRole, type Capability, type Role } from "./roles";
import { sessionStillValid } from "./session-lifetime";

export interface SessionUser {
  id: string;
  orgId: string;
  orgName: string;
  role: Role;
  name: string;
  email: string;
}

/**
 * The user a decoded session stands for, re-read from the database: a deactivated account, a
 * changed role, a bumped session version (password change, "sign out everywhere") or a session
 * past its absolute lifetime is no user at all.
 */
export async function resolveSessionUser(session: Session | null): Promise<SessionUser | null> {
  const id = session?.user?.id;
  if (!id) return null;
  const row = await db.user.findUnique({ where: { id }, include: { org: { select: { name: true } } } });
  if (!row || !row.active || !isRole(row.role)) return null;
  if (!sessionStillValid(session.user, row.sessionVersion)) return null;
  return { id: row.id, orgId: row.orgId, orgName: row.org.name, role: row.role, name: row.name, email: row.email };
}

/**
 * The signed-in user of this request, checked against the database on every request so a
 * revocation takes effect at once, not when the JWT expires. `cache` makes the layout and the
 * page of one render share a single lookup.
 */
export const getSessionUser = cache(async function getSessionUser(): Promise<SessionUser | null> {
  return resolveSessionUser(await getServerSession(authOptions));
});

/** For pages: no session → the login page. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return user;
}

/** For server actions and route handlers: no session → 401, missing capability → 403. */
export async function requireUser(capability: Capability = "read"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new UnauthorizedError();
  if (!can(user.role, capability)) throw new ForbiddenError();
  return user;
}
