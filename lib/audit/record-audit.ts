import { pool } from "../db/client";

export interface AuditActor {
  /** A dashboard user, or null for an API key or the system. */
  userId: string | null;
  /** What the audit log shows: an email, "API key hk_abc…", "system". */
  label: string;
}

export interface AuditEntry {
  orgId: string;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** Who changed what. Never put secrets in `details`. */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await pool().query(
    `INSERT INTO audit_logs (org_id, actor_user_id, actor_label, action, target_type, target_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [entry.orgId, entry.actor.userId, entry.actor.label.slice(0, 255), entry.action, entry.targetType, entry.targetId ?? null, entry.details ? JSON.stringify(entry.details) : null],
  );
}

export function userActor(user: { id: string; email: string }): AuditActor {
  return { userId: user.id, label: user.email };
}
