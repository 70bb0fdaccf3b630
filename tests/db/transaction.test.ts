import { beforeAll, describe, expect, it } from "vitest";
import { insertAuditRow, recordAudit, updateAuditDetails, type AuditActor } from "../../lib/audit/record-audit";
import { db } from "../../lib/db/client";
import { mapPrismaError } from "../../lib/db/prisma-errors";
import { withTransaction } from "../../lib/db/transaction";
import { ConflictError, NotFoundError } from "../../lib/errors";
import { auditActions, useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createOrg, createUser } from "../helpers/fixtures";

// The data layer's three shared pieces, on a real database: the transaction helper, the audit
// writer that joins it, and the one place Prisma's error codes become the app's errors.

let t: TestDatabase;
let orgId: string;
const actor: AuditActor = { userId: null, label: "transaction-test" };

const orgAuditActions = () => auditActions(t.pool, { orgId });

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
});

describe("withTransaction", () => {
  it("commits the work and the audit entry written on its tx together, and answers the work's result", async () => {
    const name = await withTransaction(async (tx) => {
      const org = await tx.organization.update({ where: { id: orgId }, data: { name: "Committed" } });
      await recordAudit({ orgId, actor, action: "test.committed", targetType: "organization", targetId: orgId }, tx);
      return org.name;
    });
    expect(name).toBe("Committed");
    expect((await t.pool.query("SELECT name FROM organizations WHERE id = $1", [orgId])).rows[0].name).toBe(
      "Committed",
    );
    expect(await orgAuditActions()).toEqual(["test.committed"]);
  });

  it("rolls both back when the work throws after writing, and rethrows the error itself", async () => {
    const failure = new Error("the work failed half-way");
    await expect(
      withTransaction(async (tx) => {
        await tx.organization.update({ where: { id: orgId }, data: { name: "Never stored" } });
        await recordAudit({ orgId, actor, action: "test.rolled_back", targetType: "organization" }, tx);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await t.pool.query("SELECT name FROM organizations WHERE id = $1", [orgId])).rows[0].name).toBe(
      "Committed",
    );
    expect(await orgAuditActions()).toEqual(["test.committed"]);
  });

  it("an audit row's id and details can be kept up to date within later transactions", async () => {
    const id = await withTransaction((tx) =>
      insertAuditRow({ orgId, actor, action: "test.progress", targetType: "bulk", details: { changed: 1 } }, tx),
    );
    await withTransaction((tx) => updateAuditDetails(id, { changed: 2, at: new Date(0) }, tx));
    const { rows } = await t.pool.query("SELECT details FROM audit_logs WHERE id = $1", [id]);
    // Stored as JSON.stringify writes it, as before: a Date becomes its ISO string.
    expect(rows[0].details).toEqual({ changed: 2, at: "1970-01-01T00:00:00.000Z" });
  });
});

describe("mapPrismaError", () => {
  it("turns a unique violation (P2002) into a ConflictError and a missing record (P2025) into a NotFoundError", async () => {
    const user = await createUser(t.pool, orgId, "viewer");
    const duplicate = await db.user
      .create({ data: { orgId, email: user.email, name: "Twin", role: "viewer" } })
      .catch((error: unknown) => error);
    expect(mapPrismaError(duplicate, "User")).toBeInstanceOf(ConflictError);

    const missing = await db.user
      .delete({ where: { id: "00000000-0000-4000-8000-000000000000" } })
      .catch((error: unknown) => error);
    const mapped = mapPrismaError(missing, "User");
    expect(mapped).toBeInstanceOf(NotFoundError);
    expect((mapped as NotFoundError).message).toBe("User not found");
  });

  it("hands any other error back unchanged", () => {
    const other = new Error("not Prisma's");
    expect(mapPrismaError(other)).toBe(other);
  });
});
