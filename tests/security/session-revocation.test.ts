import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { signOutEverywhereAction } from "../../actions/settings";
import { authOptions } from "../../lib/auth/options";
import { resolveSessionUser } from "../../lib/auth/session";
import { sessionAbsoluteLifetimeSeconds, sessionStillValid } from "../../lib/auth/session-lifetime";
import { changeUserRole, resetUserPassword, setUserActive } from "../../lib/users/manage-user";
import { sessionUser } from "../dashboard/session-users";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createOrg } from "../helpers/fixtures";

// A session must end when it should: a password change, a deactivation (even if the account is
// reactivated later), a role change or "sign out everywhere" ends every session issued before;
// and refreshing a session never lets it outlive its absolute lifetime.

let t: TestDatabase;
let orgId: string;
const admin = { userId: null, label: "admin@test" };

/** What next-auth's jwt and session callbacks make of a sign-in, as getServerSession returns it. */
async function signIn(userId: string): Promise<{ token: JWT; session: Session }> {
  const token = (await authOptions.callbacks!.jwt!({
    token: { sub: userId },
    user: { id: userId },
    account: { provider: "credentials", type: "credentials", providerAccountId: userId },
    trigger: "signIn",
  } as never)) as JWT;
  return { token, session: await sessionFrom(token) };
}

async function sessionFrom(token: JWT): Promise<Session> {
  return (await authOptions.callbacks!.session!({
    session: { expires: new Date(Date.now() + 3600_000).toISOString() } as Session,
    token,
  } as never)) as Session;
}

/** A later /api/auth/session call: next-auth runs the jwt callback again without a user. */
async function refresh(token: JWT): Promise<JWT> {
  return (await authOptions.callbacks!.jwt!({ token, trigger: "update" } as never)) as JWT;
}

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
});

describe("sessions that can be revoked", () => {
  it("a fresh session is honoured and carries the version and sign-in time; a refresh keeps them", async () => {
    const user = await sessionUser(t.pool, orgId, "lead");
    const { token, session } = await signIn(user.id);
    expect(token.sessionVersion).toBe(0);
    expect(token.signedInAt).toBeGreaterThan(Date.now() / 1000 - 5);
    expect(await resolveSessionUser(session)).toMatchObject({ id: user.id, role: "lead" });
    const later = await refresh({ ...token, signedInAt: token.signedInAt! - 3600 });
    expect(later.signedInAt).toBe(token.signedInAt! - 3600);
  });

  for (const [what, revoke] of [
    ["a password reset", (id: string) => resetUserPassword(orgId, id, admin).then(() => undefined)],
    ["a role change", (id: string) => changeUserRole(orgId, id, "viewer", admin)],
    [
      "a deactivation, even after reactivating",
      async (id: string) => {
        await setUserActive(orgId, id, false, admin);
        await setUserActive(orgId, id, true, admin);
      },
    ],
  ] as const)
    it(`${what} ends every session issued before it`, async () => {
      const user = await sessionUser(t.pool, orgId, "lead");
      const before = await signIn(user.id);
      await revoke(user.id);
      expect(await resolveSessionUser(before.session)).toBeNull();
      expect(await resolveSessionUser(await sessionFrom(await refresh(before.token)))).toBeNull();
      const after = await signIn(user.id);
      expect(await resolveSessionUser(after.session)).toMatchObject({ id: user.id });
    });

  it("'sign out everywhere' ends the user's own sessions, every one of them, and no one else's", async () => {
    const user = await sessionUser(t.pool, orgId, "viewer");
    const other = await sessionUser(t.pool, orgId, "viewer");
    const [laptop, phone, colleague] = await Promise.all([signIn(user.id), signIn(user.id), signIn(other.id)]);
    expect(await signOutEverywhereAction.run(user, {})).toEqual({ ok: true, data: { signedOut: true } });
    expect(await resolveSessionUser(laptop.session)).toBeNull();
    expect(await resolveSessionUser(phone.session)).toBeNull();
    expect(await resolveSessionUser(colleague.session)).toMatchObject({ id: other.id });
    const { rows } = await t.pool.query(
      "SELECT action, target_id FROM audit_logs WHERE action = 'user.signed_out_everywhere'",
    );
    expect(rows).toEqual([{ action: "user.signed_out_everywhere", target_id: user.id }]);
  });

  it("a session older than its absolute lifetime is refused however recently it was refreshed", async () => {
    const user = await sessionUser(t.pool, orgId, "admin");
    const { token } = await signIn(user.id);
    const old = await refresh({
      ...token,
      signedInAt: Math.floor(Date.now() / 1000) - sessionAbsoluteLifetimeSeconds() - 1,
    });
    expect(await resolveSessionUser(await sessionFrom(old))).toBeNull();
    expect(sessionAbsoluteLifetimeSeconds()).toBe(7 * 24 * 3600);
    expect(sessionStillValid({ sessionVersion: 0, signedInAt: 1000 }, 0, 1000 + 7 * 24 * 3600 - 1)).toBe(true);
    expect(sessionStillValid({ sessionVersion: 0 }, 0)).toBe(false);
  });
});
