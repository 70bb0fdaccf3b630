import { getServerSession, type Session } from "next-auth";
import { decode, encode, type JWT } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { signOutEverywhereAction } from "../../actions/settings";
import { authOptions, SESSION_MAX_AGE_SECONDS } from "../../lib/auth/options";
import { resolveSessionUser } from "../../lib/auth/session";
import {
  SessionLifetimeEndedError,
  sessionAbsoluteLifetimeSeconds,
  sessionStillValid,
} from "../../lib/auth/session-lifetime";
import { seedDemoData } from "../../lib/seed/demo-seed";
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

const SECRET = process.env.NEXTAUTH_SECRET!;
const COOKIE = "next-auth.session-token";
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The session cookie next-auth's sign-in sets: the jwt callback's token, encrypted with the secret. */
async function cookieFor(token: JWT): Promise<string> {
  return encode({ token, secret: SECRET, maxAge: SESSION_MAX_AGE_SECONDS });
}

/**
 * What a request carrying `cookie` gets from next-auth: getServerSession itself (its req/res form;
 * getSessionUser calls the form that reads the same cookies from next/headers), so `session` is
 * what getSessionUser receives and `token` is the re-issued cookie's content (null when next-auth
 * cleared the cookie).
 */
async function serverSession(cookie: string): Promise<{ session: Session | null; token: JWT | null }> {
  const headers = new Map<string, unknown>();
  const res = {
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader: (name: string, value: unknown) => void headers.set(name.toLowerCase(), value),
  };
  const session = await getServerSession(
    { headers: {}, cookies: { [COOKIE]: cookie } } as never,
    res as never,
    authOptions,
  );
  const setCookie = ((headers.get("set-cookie") ?? []) as string[]).find((c) => c.startsWith(`${COOKIE}=`));
  if (!setCookie) throw new Error("next-auth set no session cookie");
  const value = decodeURIComponent(setCookie.slice(COOKIE.length + 1).split(";")[0]!);
  return { session, token: value ? await decode({ token: value, secret: SECRET }) : null };
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
    const old = { ...token, signedInAt: nowSeconds() - sessionAbsoluteLifetimeSeconds() - 1 };
    // Even had it been refreshed a moment ago (a fresh exp), its sign-in time gives it away…
    expect(await resolveSessionUser(await sessionFrom(old))).toBeNull();
    // …and the jwt callback will not refresh it again.
    await expect(refresh(old)).rejects.toBeInstanceOf(SessionLifetimeEndedError);
    expect(sessionAbsoluteLifetimeSeconds()).toBe(7 * 24 * 3600);
    expect(sessionStillValid({ sessionVersion: 0, signedInAt: 1000 }, 0, 1000 + 7 * 24 * 3600 - 1)).toBe(true);
    expect(sessionStillValid({ sessionVersion: 0 }, 0)).toBe(false);
  });

  it("through next-auth's own cookie handling: a cookie issued before a bump is refused, one issued after is honoured", async () => {
    const user = await sessionUser(t.pool, orgId, "lead");
    const before = await cookieFor((await signIn(user.id)).token);
    expect(await resolveSessionUser((await serverSession(before)).session)).toMatchObject({ id: user.id });
    await signOutEverywhereAction.run(user, {});
    expect(await resolveSessionUser((await serverSession(before)).session)).toBeNull();
    const after = await cookieFor((await signIn(user.id)).token);
    expect(await resolveSessionUser((await serverSession(after)).session)).toMatchObject({ id: user.id });
  });

  it("next-auth's refresh re-issues the cookie with the original sign-in time and a fresh idle expiry", async () => {
    const user = await sessionUser(t.pool, orgId, "viewer");
    const { token } = await signIn(user.id);
    const signedInAt = nowSeconds() - 3 * 24 * 3600;
    const { session, token: reissued } = await serverSession(await cookieFor({ ...token, signedInAt }));
    expect(reissued).toMatchObject({ userId: user.id, signedInAt, sessionVersion: 0 });
    expect(reissued!.exp).toBeGreaterThanOrEqual(nowSeconds() + SESSION_MAX_AGE_SECONDS - 5);
    expect(await resolveSessionUser(session)).toMatchObject({ id: user.id });
  });

  it("next-auth clears a cookie past its absolute lifetime, or from before sign-in times were kept, instead of refreshing it", async () => {
    const user = await sessionUser(t.pool, orgId, "viewer");
    const { token } = await signIn(user.id);
    const expired = { ...token, signedInAt: nowSeconds() - sessionAbsoluteLifetimeSeconds() - 1 };
    const { signedInAt: _dropped, ...legacy } = token;
    for (const stale of [expired, legacy]) {
      const answer = await serverSession(await cookieFor(stale));
      expect(answer).toEqual({ session: null, token: null });
    }
  });

  it("the demo seed's SEED_ADMIN_PASSWORD ends the user's sessions when it changes the password; the same one again does not", async () => {
    const options = { adminPassword: "first-password", receiverBaseUrl: "http://127.0.0.1:9/receiver", logCount: 10 };
    const version = async () =>
      (await t.pool.query("SELECT session_version FROM users WHERE email = 'admin@acme.test'")).rows[0].session_version;
    await seedDemoData(options);
    expect(await version()).toBe(0);
    await seedDemoData(options);
    expect(await version()).toBe(0);
    await seedDemoData({ ...options, adminPassword: "second-password" });
    expect(await version()).toBe(1);
  });
});
