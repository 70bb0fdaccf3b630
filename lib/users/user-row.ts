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
