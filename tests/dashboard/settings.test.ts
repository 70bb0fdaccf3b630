import { describe, expect, it } from "vitest";
import {
  changeUserRoleAction,
  createApiKeyAction,
  createUserAction,
  resetUserPasswordAction,
  revokeApiKeyAction,
  setUserActiveAction,
} from "@/actions/settings";
import { listAuditLogs } from "../../lib/activity/list-audit-logs";
import { userActor } from "../../lib/audit/record-audit";
import { authenticateWithPassword } from "../../lib/auth/login";
import { hashApiKey } from "../../lib/crypto/tokens";
import { listApiKeys } from "../../lib/api-keys/manage-api-keys";
import { changeUserRole, setUserActive } from "../../lib/users/manage-user";
import { listUsers } from "../../lib/users/list-users";
import { createApiKey, createOrg } from "../helpers/fixtures";
import { sessionUser, useDashboardTestbed } from "./session-users";

const bed = useDashboardTestbed();

describe("users", () => {
  it("creates a user with a one-time password that signs in, and audits it", async () => {
    const result = await createUserAction.run(bed.admin, {
      email: "  New.Person@Example.TEST ",
      name: "New Person",
      role: "lead",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.email).toBe("new.person@example.test");
    const login = await authenticateWithPassword("new.person@example.test", result.data.password, "127.0.0.1");
    expect(login).toMatchObject({ ok: true, user: { role: "lead", orgId: bed.orgId } });
    const audit = await listAuditLogs(bed.orgId, { action: "user." });
    expect(audit.rows[0]).toMatchObject({
      action: "user.created",
      actorLabel: bed.admin.email,
      targetId: result.data.id,
    });
    expect(JSON.stringify(audit.rows[0]!.details)).not.toContain(result.data.password);
  });

  it("answers field errors for bad input and a conflict for a taken email", async () => {
    const bad = await createUserAction.run(bed.admin, { email: "nope", name: "", role: "owner" });
    expect(bad).toMatchObject({ ok: false, code: "validation_failed" });
    if (!bad.ok) expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["email", "name", "role"]);
    const taken = await createUserAction.run(bed.admin, { email: bed.lead.email, name: "Dup", role: "viewer" });
    expect(taken).toMatchObject({ ok: false, code: "conflict" });
  });

  it("refuses leads and viewers (Forbidden) before looking at the input", async () => {
    for (const user of [bed.lead, bed.viewer]) {
      expect(await createUserAction.run(user, { email: "x@y.test", name: "X", role: "admin" })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
      expect(await changeUserRoleAction.run(user, { userId: bed.admin.id, role: "viewer" })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
      expect(await setUserActiveAction.run(user, { userId: bed.admin.id, active: false })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
      expect(await resetUserPasswordAction.run(user, {})).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await createUserAction.run(null, {})).toMatchObject({ ok: false, code: "unauthorized" });
    const { rows } = await bed.pool.query("SELECT role, active FROM users WHERE id = $1", [bed.admin.id]);
    expect(rows[0]).toEqual({ role: "admin", active: true });
  });

  it("treats a user of another org as not found", async () => {
    expect(await changeUserRoleAction.run(bed.otherAdmin, { userId: bed.viewer.id, role: "admin" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await setUserActiveAction.run(bed.otherAdmin, { userId: bed.viewer.id, active: false })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await resetUserPasswordAction.run(bed.otherAdmin, { userId: bed.viewer.id })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await changeUserRoleAction.run(bed.otherAdmin, { userId: "not-a-uuid", role: "admin" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    const { rows } = await bed.pool.query("SELECT role, active FROM users WHERE id = $1", [bed.viewer.id]);
    expect(rows[0]).toEqual({ role: "viewer", active: true });
  });

  it("changes roles, deactivates and reactivates; a deactivated user cannot sign in", async () => {
    expect(await changeUserRoleAction.run(bed.admin, { userId: bed.viewer.id, role: "lead" })).toEqual({
      ok: true,
      data: null,
    });
    expect((await listUsers(bed.orgId)).find((u) => u.id === bed.viewer.id)?.role).toBe("lead");
    const reset = await resetUserPasswordAction.run(bed.admin, { userId: bed.viewer.id });
    expect(reset.ok).toBe(true);
    if (!reset.ok) return;
    expect(await setUserActiveAction.run(bed.admin, { userId: bed.viewer.id, active: false })).toEqual({
      ok: true,
      data: null,
    });
    expect(await authenticateWithPassword(bed.viewer.email, reset.data.password, "127.0.0.1")).toMatchObject({
      ok: false,
    });
    expect(await setUserActiveAction.run(bed.admin, { userId: bed.viewer.id, active: true })).toEqual({
      ok: true,
      data: null,
    });
    expect(await authenticateWithPassword(bed.viewer.email, reset.data.password, "127.0.0.1")).toMatchObject({
      ok: true,
    });
    await changeUserRole(bed.orgId, bed.viewer.id, "viewer", userActor(bed.admin));
    const actions = (await listAuditLogs(bed.orgId, { action: "user." })).rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(["user.role_changed", "user.password_reset", "user.deactivated", "user.reactivated"]),
    );
  });

  it("never leaves the org without an active admin, and an admin cannot lock themself out", async () => {
    const orgB = await createOrg(bed.pool);
    const only = await sessionUser(bed.pool, orgB, "admin");
    const second = await sessionUser(bed.pool, orgB, "admin");
    expect(await changeUserRoleAction.run(only, { userId: only.id, role: "viewer" })).toMatchObject({
      ok: false,
      code: "conflict",
    });
    expect(await setUserActiveAction.run(only, { userId: only.id, active: false })).toMatchObject({
      ok: false,
      code: "conflict",
    });
    // Two admins demoting each other at once: one wins, the other is refused.
    const results = await Promise.allSettled([
      changeUserRole(orgB, second.id, "viewer", userActor(only)),
      changeUserRole(orgB, only.id, "viewer", userActor(second)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const { rows } = await bed.pool.query(
      "SELECT count(*)::int AS n FROM users WHERE org_id = $1 AND role = 'admin' AND active",
      [orgB],
    );
    expect(rows[0].n).toBe(1);
    const survivor = results[0]!.status === "fulfilled" ? only : second;
    await expect(setUserActive(orgB, survivor.id, false, userActor(survivor))).rejects.toThrow(/own account/);
  });
});

describe("API keys", () => {
  it("creates a key shown once (only its hash stored) and revokes it", async () => {
    const created = await createApiKeyAction.run(bed.admin, { name: "Backend" });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.data.key).toMatch(/^hk_/);
    const { rows } = await bed.pool.query("SELECT key_hash, prefix FROM api_keys WHERE id = $1", [created.data.id]);
    expect(rows[0].key_hash).toBe(hashApiKey(created.data.key));
    expect(created.data.key.startsWith(rows[0].prefix)).toBe(true);
    expect(JSON.stringify(await listApiKeys(bed.orgId))).not.toContain(created.data.key);
    expect(await revokeApiKeyAction.run(bed.admin, { keyId: created.data.id })).toEqual({ ok: true, data: null });
    expect((await listApiKeys(bed.orgId)).find((k) => k.id === created.data.id)?.revokedAt).toBeInstanceOf(Date);
    const audit = (await listAuditLogs(bed.orgId, { action: "api_key." })).rows.map((r) => r.action);
    expect(audit).toEqual(["api_key.revoked", "api_key.created"]);
  });

  it("gives a new key the ingest scope unless manage is chosen, and lists each key's scopes", async () => {
    const ingestOnly = await createApiKeyAction.run(bed.admin, { name: "Ingest by default" });
    const manage = await createApiKeyAction.run(bed.admin, { name: "Automation", scopes: ["manage"] });
    const both = await createApiKeyAction.run(bed.admin, { name: "Both", scopes: ["manage", "ingest", "manage"] });
    expect([ingestOnly, manage, both].map((r) => r.ok && r.data.scopes)).toEqual([
      ["ingest"],
      ["manage"],
      ["ingest", "manage"],
    ]);
    const listed = await listApiKeys(bed.orgId);
    expect(listed.find((k) => k.name === "Automation")?.scopes).toEqual(["manage"]);
    expect(listed.find((k) => k.name === "Ingest by default")?.scopes).toEqual(["ingest"]);
    const { rows } = await bed.pool.query("SELECT scopes FROM api_keys WHERE name = 'Both' AND org_id = $1", [
      bed.orgId,
    ]);
    expect(rows[0].scopes).toEqual(["ingest", "manage"]);
    expect(await createApiKeyAction.run(bed.admin, { name: "None", scopes: [] })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { scopes: ["Choose at least one scope"] },
    });
    expect(await createApiKeyAction.run(bed.admin, { name: "Root", scopes: ["admin"] })).toMatchObject({
      ok: false,
      code: "validation_failed",
    });
    const audit = (await listAuditLogs(bed.orgId, { action: "api_key.created" })).rows.find(
      (r) => (r.details as { name?: string } | null)?.name === "Automation",
    );
    expect(audit?.details).toMatchObject({ scopes: ["manage"] });
  });

  it("refuses leads and viewers, hides other orgs' keys, and checks the name", async () => {
    const otherKey = await createApiKey(bed.pool, bed.otherAdmin.orgId);
    const { rows } = await bed.pool.query("SELECT id FROM api_keys WHERE key_hash = $1", [hashApiKey(otherKey)]);
    expect(await createApiKeyAction.run(bed.lead, { name: "x" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await revokeApiKeyAction.run(bed.viewer, { keyId: rows[0].id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await revokeApiKeyAction.run(bed.admin, { keyId: rows[0].id })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(
      (await bed.pool.query("SELECT revoked_at FROM api_keys WHERE id = $1", [rows[0].id])).rows[0].revoked_at,
    ).toBeNull();
    expect(await createApiKeyAction.run(bed.admin, { name: "   " })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { name: [expect.any(String)] },
    });
  });
});

describe("audit log viewer", () => {
  it("pages newest first and shows only the org's own entries", async () => {
    const first = await listAuditLogs(bed.orgId, {}, { limit: 3 });
    expect(first.rows).toHaveLength(3);
    const second = await listAuditLogs(bed.orgId, {}, { limit: 3, cursor: first.nextCursor });
    expect(second.rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(first.rows[2]!.createdAt.getTime());
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(first.rows.length + second.rows.length);
    expect((await listAuditLogs(bed.otherAdmin.orgId)).rows.every((r) => r.actorLabel !== bed.admin.email)).toBe(true);
  });
});
