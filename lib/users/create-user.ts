import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { randomPassword } from "../crypto/tokens";
import { mapPrismaError } from "../db/prisma-errors";
import { withTransaction } from "../db/transaction";
import { ConflictError, ValidationError } from "../errors";
import { zodFieldErrors } from "../validation/field-errors";
import { insertUser } from "./insert-user";
import type { UserRow } from "./user-row";
import { createUserSchema } from "./user-input";

/**
 * Creates a dashboard account with a generated password, returned this once for the admin to
 * hand over (there is no outbound mail in this product). Only the argon2 hash is stored. The
 * account and its audit entry commit together.
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
  const passwordHash = await hashPassword(password);
  try {
    const user = await withTransaction(async (tx) => {
      const created = await insertUser(tx, { orgId, email, name, role, passwordHash });
      await recordAudit(
        { orgId, actor, action: "user.created", targetType: "user", targetId: created.id, details: { email, role } },
        tx,
      );
      return created;
    });
    return { user, password };
  } catch (error) {
    const mapped = mapPrismaError(error, "User");
    // Emails are unique across all organisations (they are the login name).
    if (mapped instanceof ConflictError) throw new ConflictError("An account with this email already exists");
    throw mapped;
  }
}
