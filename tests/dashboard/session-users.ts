import type pg from "pg";
import type { SessionUser } from "../../lib/auth/session";
import type { Role } from "../../lib/auth/roles";
import { createUser } from "../helpers/fixtures";

/** A real user row and the SessionUser the session layer would build for it. */
export async function sessionUser(pool: pg.Pool, orgId: string, role: Role): Promise<SessionUser> {
  const u = await createUser(pool, orgId, role);
  return { id: u.id, orgId, orgName: "Test org", role, name: `${role} user`, email: u.email };
}
