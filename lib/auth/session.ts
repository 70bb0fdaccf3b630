import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db/client";
import { ForbiddenError, UnauthorizedError } from "../errors";
import { authOptions } from "./options";
import { can, isRole, type Capability, type Role } from "./roles";

export interface SessionUser {
  id: string;
  orgId: string;
  orgName: string;
  role: Role;
  name: string;
  email: string;
}

/**
 * The signed-in user, re-read from the database on every request: a deactivated account or a
 * changed role takes effect at once, not when the JWT expires. `cache` makes the layout and the
 * page of one render share a single lookup.
 */
export const getSessionUser = cache(async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const row = await db.user.findUnique({ where: { id }, include: { org: { select: { name: true } } } });
  if (!row || !row.active || !isRole(row.role)) return null;
  return { id: row.id, orgId: row.orgId, orgName: row.org.name, role: row.role, name: row.name, email: row.email };
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
