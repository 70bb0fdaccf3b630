import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "../../lib/api-keys/manage-api-keys";
import type { AuditActor } from "../../lib/audit/record-audit";
import { createUser } from "../../lib/users/create-user";
import { changeUserRole, resetUserPassword, setUserActive } from "../../lib/users/manage-user";
import { signOutEverywhere } from "../../lib/users/sign-out-everywhere";
import { auditActions, useFreshDatabase, type TestDatabase } from "../helpers/db";
import * as fixtures from "../helpers/fixtures";
import { allowAuditInserts, refuseAuditInserts } from "./support";

// Account and API-key changes commit with their audit entries, like destination changes
// (audited-destination-changes.test.ts): with every audit insert failing, none of them is
// stored and the caller gets the error. Before withTransaction these wrote the entry after the
// change had committed, so a failing audit log left an unaudited role change, password reset,
// account or key behind.

let t: TestDatabase;
let orgId: string;
let admin: { id: string; email: string };

/** The org's users and keys as text: "nothing changed" is equality. */
async function accountState(): Promise<string> {
  const { rows } = await t.pool.query<{ state: string | null }>(
    `SELECT (SELECT string_agg(u::text, '|' ORDER BY u.id) FROM users u WHERE u.org_id = $1) || '#' ||
            coalesce((SELECT string_agg(k::text, '|' ORDER BY k.id) FROM api_keys k WHERE k.org_id = $1), '') AS state`,
    [orgId],
  );
  return rows[0]!.state ?? "";
}

const orgAuditActions = () => auditActions(t.pool, { orgId });

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await fixtures.createOrg(t.pool);
  admin = await fixtures.createUser(t.pool, orgId, "admin");
});
afterAll(() => allowAuditInserts(t.pool));

describe("account and API key changes and their audit entries", () => {
  it("with the audit insert failing, no user, role, activation, password, session version or key changes", async () => {
    const actor: AuditActor = { userId: admin.id, label: admin.email };
    const lead = await fixtures.createUser(t.pool, orgId, "lead");
    const { key } = await createApiKey(orgId, { name: "kept" }, actor);
    const before = await accountState();
    const audits = await orgAuditActions();
    await refuseAuditInserts(t.pool);
    try {
      const refused = /audit log unavailable/;
      await expect(
        createUser(orgId, { email: "new@test.example", name: "New", role: "viewer" }, actor),
      ).rejects.toThrow(refused);
      await expect(changeUserRole(orgId, lead.id, "viewer", actor)).rejects.toThrow(refused);
      await expect(setUserActive(orgId, lead.id, false, actor)).rejects.toThrow(refused);
      await expect(resetUserPassword(orgId, lead.id, actor)).rejects.toThrow(refused);
      await expect(signOutEverywhere(orgId, lead.id, actor)).rejects.toThrow(refused);
      await expect(createApiKey(orgId, { name: "never stored" }, actor)).rejects.toThrow(refused);
      await expect(revokeApiKey(orgId, key.id, actor)).rejects.toThrow(refused);
    } finally {
      await allowAuditInserts(t.pool);
    }
    expect(await accountState()).toBe(before);
    expect(await orgAuditActions()).toEqual(audits);

    // With the audit log back, each change is stored with its entry; a change to the state a
    // row already has (the same role, revoking twice) changes and audits nothing.
    await changeUserRole(orgId, lead.id, "viewer", actor);
    await changeUserRole(orgId, lead.id, "viewer", actor);
    await setUserActive(orgId, lead.id, false, actor);
    await resetUserPassword(orgId, lead.id, actor);
    await revokeApiKey(orgId, key.id, actor);
    await revokeApiKey(orgId, key.id, actor);
    expect((await orgAuditActions()).slice(audits.length)).toEqual([
      "user.role_changed",
      "user.deactivated",
      "user.password_reset",
      "api_key.revoked",
    ]);
  });
});
