import type pg from "pg";
import { recordAudit, type AuditActor, type AuditEntry } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { isRole, type Role } from "../auth/roles";
import { isUuid } from "../validation/ids";
import { randomPassword } from "../crypto/tokens";
import { pool } from "../db/client";
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
 * because the audit row's foreign key to users takes KEY SHARE on the actor's row; the audit
 * entry `change` returns is written after COMMIT, so a rolled-back change leaves no trace.
 */
async function withOrgUser(
  orgId: string,
  userId: string,
  change: (client: pg.PoolClient, user: LockedUser, activeAdmins: number) => Promise<AuditEntry | null>,
): Promise<void> {
  if (!isUuid(userId)) throw new NotFoundError("User");
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const admins = await client.query<{ id: string }>(
      "SELECT id FROM users WHERE org_id = $1 AND role = 'admin' AND active ORDER BY id FOR NO KEY UPDATE",
      [orgId],
    );
    const { rows } = await client.query<LockedUser>(
      "SELECT id, email, role, active FROM users WHERE id = $1 AND org_id = $2 FOR NO KEY UPDATE",
      [userId, orgId],
    );
    const user = rows[0];
    if (!user) throw new NotFoundError("User");
    const audit = await change(client, user, admins.rowCount ?? 0);
    await client.query("COMMIT");
    if (audit) await recordAudit(audit);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function assertNotLastAdmin(user: LockedUser, activeAdmins: number) {
  if (user.role === "admin" && user.active && activeAdmins <= 1)
    throw new ConflictError("The organisation needs at least one active admin");
}

export async function changeUserRole(orgId: string, userId: string, role: Role, actor: AuditActor): Promise<void> {
  if (!isRole(role)) throw new ValidationError("Not a role", { role: ["Choose admin, lead or viewer"] });
  if (userId === actor.userId) throw new ConflictError("You cannot change your own role; ask another admin");
  await withOrgUser(orgId, userId, async (client, user, activeAdmins) => {
    if (user.role === role) return null;
    if (role !== "admin") assertNotLastAdmin(user, activeAdmins);
    await client.query(
      "UPDATE users SET role = $2, session_version = session_version + 1, updated_at = now() WHERE id = $1",
      [userId, role],
    );
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
  await withOrgUser(orgId, userId, async (client, user, activeAdmins) => {
    if (user.active === active) return null;
    if (!active) assertNotLastAdmin(user, activeAdmins);
    await client.query(
      "UPDATE users SET active = $2, session_version = session_version + 1, updated_at = now() WHERE id = $1",
      [userId, active],
    );
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
  await withOrgUser(orgId, userId, async (client, user) => {
    await client.query(
      "UPDATE users SET password_hash = $2, session_version = session_version + 1, updated_at = now() WHERE id = $1",
      [userId, hash],
    );
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
