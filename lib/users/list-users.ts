import "server-only";
import { db } from "../db/client";
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

/** The columns a UserRow shows (never the password hash). */
export const USER_ROW_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  lastLoginAt: true,
  createdAt: true,
} as const;

/** The role column is a CHECKed varchar: read back, it is one of the roles. */
export function toUserRow(row: Omit<UserRow, "role"> & { role: string }): UserRow {
  return { ...row, role: row.role as Role };
}

/** The org's dashboard accounts, active ones first. */
export async function listUsers(orgId: string): Promise<UserRow[]> {
  const rows = await db.user.findMany({ where: { orgId }, select: USER_ROW_SELECT });
  // Sorted here: the order is by lower(name), which Prisma's orderBy cannot say; an org has few users.
  return rows.map(toUserRow).sort(compareUsers);
}

function compareUsers(a: UserRow, b: UserRow): number {
  if (a.active !== b.active) return a.active ? -1 : 1;
  const byName = compareText(a.name.toLowerCase(), b.name.toLowerCase());
  return byName !== 0 ? byName : compareText(a.email, b.email);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
