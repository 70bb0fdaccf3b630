import "server-only";
import { recordAudit, type AuditActor, type AuditEntry } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { isRole, type Role } from "../auth/roles";
import { isUuid } from "../validation/ids";
import { randomPassword } from "../crypto/tokens";
import { Prisma } from "../db/generated/prisma/client";
import { withTransaction, type Tx } from "../db/transaction";
import { ConflictError, NotFoundError, ValidationError } from "../errors";

interface LockedUser {
  id: string;
  email: string;
  role: Role;
  active: boolean;
}

/**
 * Runs `change` on one user of the org inside a transaction that holds a lock on every admin
 * of the org, so two admins demoting each other at the same moment cannot leave the org with
 * none: the second one waits, then sees the first one's result. NO KEY UPDATE (not UPDATE)
 * because the audit row's foreign key to users takes KEY SHARE on the actor's row. The audit
 * entry `change` returns is written in the same transaction: both commit, or neither does.
 */
async function withOrgUser(
  orgId: string,
  userId: string,
  change: (tx: Tx, user: LockedUser, activeAdmins: number) => Promise<AuditEntry | null>,
): Promise<void> {
  if (!isUuid(userId)) throw new NotFoundError("User");
  await withTransaction(async (tx) => {
    // Raw: Prisma's query API takes no row locks (FOR NO KEY UPDATE).
    const admins = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
      SELECT id FROM users WHERE org_id = ${orgId}::uuid AND role = 'admin' AND active ORDER BY id FOR NO KEY UPDATE`);
    const [user] = await tx.$queryRaw<LockedUser[]>(Prisma.sql`
      SELECT id, email, role, active FROM users WHERE id = ${userId}::uuid AND org_id = ${orgId}::uuid FOR NO KEY UPDATE`);
    if (!user) throw new NotFoundError("User");
    const audit = await change(tx, user, admins.length);
    if (audit) await recordAudit(audit, tx);
  });
}

function assertNotLastAdmin(user: LockedUser, activeAdmins: number) {
  if (user.role === "admin" && user.active && activeAdmins <= 1)
    throw new ConflictError("The organisation needs at least one active admin");
}

/** The user's row changed, and every session issued before ended (session_version). */
async function updateUser(tx: Tx, userId: string, data: Prisma.UserUpdateInput): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: { ...data, sessionVersion: { increment: 1 }, updatedAt: new Date() },
    select: { id: true },
  });
}

export async function changeUserRole(orgId: string, userId: string, role: Role, actor: AuditActor): Promise<void> {
  if (!isRole(role)) throw new ValidationError("Not a role", { role: ["Choose admin, lead or viewer"] });
  if (userId === actor.userId) throw new ConflictError("You cannot change your own role; ask another admin");
  await withOrgUser(orgId, userId, async (tx, user, activeAdmins) => {
    if (user.role === role) return null;
    if (role !== "admin") assertNotLastAdmin(user, activeAdmins);
    await updateUser(tx, userId, { role });
    return {
      orgId,
      actor,
      action: "user.role_changed",
      targetType: "user",
      targetId: userId,
      details: { email: user.email, from: user.role, to: role },
    };
  });
}

/** Deactivated accounts cannot sign in, and their open sessions stop working at once (the session is re-read per request). */
export async function setUserActive(orgId: string, userId: string, active: boolean, actor: AuditActor): Promise<void> {
  if (!active && userId === actor.userId) throw new ConflictError("You cannot deactivate your own account");
  await withOrgUser(orgId, userId, async (tx, user, activeAdmins) => {
    if (user.active === active) return null;
    if (!active) assertNotLastAdmin(user, activeAdmins);
    await updateUser(tx, userId, { active });
    return {
      orgId,
      actor,
      action: active ? "user.reactivated" : "user.deactivated",
      targetType: "user",
      targetId: userId,
      details: { email: user.email },
    };
  });
}

/** A new generated password, shown once; the old one stops working. */
export async function resetUserPassword(
  orgId: string,
  userId: string,
  actor: AuditActor,
): Promise<{ password: string }> {
  const password = randomPassword();
  const hash = await hashPassword(password);
  await withOrgUser(orgId, userId, async (tx, user) => {
    await updateUser(tx, userId, { passwordHash: hash });
    return {
      orgId,
      actor,
      action: "user.password_reset",
      targetType: "user",
      targetId: userId,
      details: { email: user.email },
    };
  });
  return { password };
}
