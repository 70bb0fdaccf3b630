import { recordAudit, type AuditActor } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { randomPassword } from "../crypto/tokens";
import { pool } from "../db/client";
import { ConflictError, ValidationError } from "../errors";
import { zodFieldErrors } from "../validation/field-errors";
import type { UserRow } from "./list-users";
import { createUserSchema } from "./user-input";

/**
 * Creates a dashboard account with a generated password, returned this once for the admin to
 * hand over (there is no outbound mail in this product). Only the argon2 hash is stored.
 */
export async function createUser(
  orgId: string,
  input: unknown,
  actor: AuditActor,
): Promise<{ user: UserRow; password: string }> {
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Some fields are not valid", zodFieldErrors(parsed.error));
  const { email, name, role } = parsed.data;
  const password = randomPassword();
  try {
    const { rows } = await pool().query(
      `INSERT INTO users (org_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, email, name, role, active, last_login_at, created_at`,
      [orgId, email, name, role, await hashPassword(password)],
    );
    const r = rows[0];
    await recordAudit({
      orgId,
      actor,
      action: "user.created",
      targetType: "user",
      targetId: r.id,
      details: { email, role },
    });
    return {
      user: {
        id: r.id,
        email: r.email,
        name: r.name,
        role: r.role,
        active: r.active,
        lastLoginAt: r.last_login_at,
        createdAt: r.created_at,
      },
      password,
    };
  } catch (error) {
    // Emails are unique across all organisations (they are the login name).
    if ((error as { code?: string }).code === "23505")
      throw new ConflictError("An account with this email already exists");
    throw error;
  }
}
