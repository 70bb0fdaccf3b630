import type pg from "pg";
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

/**
 * Who changed what. Never put secrets in `details`. Pass the transaction's client as
 * `executor` so the entry commits (or rolls back) with the change it describes.
 */
export async function recordAudit(entry: AuditEntry, executor: pg.Pool | pg.PoolClient = pool()): Promise<void> {
  await insertAuditRow(entry, executor);
}

/** recordAudit, answering the new row's id (for an entry a bulk action keeps up to date). */
export async function insertAuditRow(entry: AuditEntry, executor: pg.Pool | pg.PoolClient = pool()): Promise<number> {
  const { rows } = await executor.query<{ id: number }>(
    `INSERT INTO audit_logs (org_id, actor_user_id, actor_label, action, target_type, target_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      entry.orgId,
      entry.actor.userId,
      entry.actor.label.slice(0, 255),
      entry.action,
      entry.targetType,
      entry.targetId ?? null,
      entry.details ? JSON.stringify(entry.details) : null,
    ],
  );
  return rows[0]!.id;
}

export function userActor(user: { id: string; email: string }): AuditActor {
  return { userId: user.id, label: user.email };
}
