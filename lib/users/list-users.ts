import { pool } from "../db/client";
import type { Role } from "../auth/roles";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

/** The org's dashboard accounts, active ones first. */
export async function listUsers(orgId: string): Promise<UserRow[]> {
  const { rows } = await pool().query(
    `SELECT id, email, name, role, active, last_login_at, created_at FROM users WHERE org_id = $1 ORDER BY active DESC, lower(name), email`,
    [orgId],
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    active: r.active,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
  }));
}
