import type { Role } from "../auth/roles";
import type { Tx } from "../db/transaction";
import { toUserRow, USER_ROW_SELECT, type UserRow } from "./user-row";

export interface NewUser {
  orgId: string;
  email: string;
  name: string;
  role: Role;
  /** The argon2 hash (hashPassword), computed before the transaction: it takes a while. */
  passwordHash: string;
}

/**
 * Stores an account. No validation or audit: createUser does those for admins; the demo seed
 * and test fixtures store their own trusted values through this. A taken email is Prisma's
 * P2002 (mapPrismaError → ConflictError).
 */
export async function insertUser(tx: Tx, user: NewUser): Promise<UserRow> {
  return toUserRow(await tx.user.create({ data: user, select: USER_ROW_SELECT }));
}
