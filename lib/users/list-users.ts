import "server-only";
import { db } from "../db/client";
import { toUserRow, USER_ROW_SELECT, type UserRow } from "./user-row";

export type { UserRow } from "./user-row";

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
