// Not marked "server-only": tsx scripts (seed, benchmarks) load it (tests/install/server-only-boundary.test.ts).
import { db } from "../db/client";
import { Prisma } from "../db/generated/prisma/client";
import type { Tx } from "../db/transaction";

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
 * Who changed what. Never put secrets in `details`. Pass the transaction's `tx` (from
 * withTransaction) so the entry commits (or rolls back) with the change it describes.
 */
export async function recordAudit(entry: AuditEntry, tx: Tx = db): Promise<void> {
  await insertAuditRow(entry, tx);
}

/** recordAudit, answering the new row's id (for an entry a bulk action keeps up to date). */
export async function insertAuditRow(entry: AuditEntry, tx: Tx = db): Promise<number> {
  const row = await tx.auditLog.create({ data: auditRowData(entry), select: { id: true } });
  return Number(row.id);
}

/** An entry's details replaced, in the transaction of the change they now describe. */
export async function updateAuditDetails(id: number, details: Record<string, unknown>, tx: Tx = db): Promise<void> {
  await tx.auditLog.update({ where: { id: BigInt(id) }, data: { details: auditDetails(details) } });
}

function auditRowData(entry: AuditEntry): Prisma.AuditLogUncheckedCreateInput {
  return {
    orgId: entry.orgId,
    actorUserId: entry.actor.userId,
    actorLabel: entry.actor.label.slice(0, 255),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    details: entry.details ? auditDetails(entry.details) : Prisma.DbNull,
  };
}

// Through JSON.stringify, as the entry was always stored: Dates become ISO strings, undefined
// fields are dropped, and a value Prisma's JSON type does not list (a Date) never reaches it.
function auditDetails(details: Record<string, unknown>): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(details)) as Prisma.InputJsonObject;
}

export function userActor(user: { id: string; email: string }): AuditActor {
  return { userId: user.id, label: user.email };
}
