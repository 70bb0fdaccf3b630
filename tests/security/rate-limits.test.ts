import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "../../app/api/v1/events/route";
import { authOptions, LOGIN_ERROR_RATE_LIMITED } from "../../lib/auth/options";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createOrg, createUser } from "../helpers/fixtures";

// Rate limits as a client meets them: the ingest route per API key (429 + Retry-After, other
// keys unaffected, nothing stored), and the sign-in flow through next-auth's own handler
// (the login page reads `?error=RateLimited:<seconds>` from its redirect).

// next-auth's core handler, the one its route handler calls with the parsed request. The
// package does not export "./core", and outside a Next.js request the route handler cannot
// run (it reads next/headers), so the file is loaded by path.
interface AuthResponse {
  status?: number;
  body?: unknown;
  redirect?: string;
  cookies?: { name: string; value: string }[];
}
type AuthHandlerFn = (params: { req: Record<string, unknown>; options: typeof authOptions }) => Promise<AuthResponse>;
const { AuthHandler } = createRequire(import.meta.url)(
  path.resolve(import.meta.dirname, "../../node_modules/next-auth/core/index.js"),
) as { AuthHandler: AuthHandlerFn };

let t: TestDatabase;
let orgId: string;

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  process.env.INGEST_RATE_LIMIT = "3";
  process.env.LOGIN_RATE_LIMIT_PER_EMAIL = "3";
  process.env.LOGIN_RATE_LIMIT_PER_IP = "100";
  process.env.NEXTAUTH_URL ??= "http://localhost:3000";
});
afterAll(() => {
  delete process.env.INGEST_RATE_LIMIT;
  delete process.env.LOGIN_RATE_LIMIT_PER_EMAIL;
  delete process.env.LOGIN_RATE_LIMIT_PER_IP;
});

function postEvent(key: string, body: unknown = { event_type: "rate.test", payload: { n: 1 } }): Promise<Response> {
  return ingest(
    new Request("http://127.0.0.1/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
}

async function logCount(): Promise<number> {
  const { rows } = await t.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM activity_logs");
  return rows[0]!.n;
}

describe("ingest rate limit per API key", () => {
  it("answers 429 with Retry-After once INGEST_RATE_LIMIT is spent, stores nothing then, and leaves other keys alone", async () => {
    const key = await createApiKey(t.pool, orgId);
    const sameOrgKey = await createApiKey(t.pool, orgId);
    const otherOrgKey = await createApiKey(t.pool, await createOrg(t.pool));
    for (let i = 0; i < 3; i++) expect((await postEvent(key)).status).toBe(202);

    const stored = await logCount();
    const limited = await postEvent(key);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({ code: "rate_limited" });
    // Bad bodies count too (the limit is checked before the body is read) and are refused alike.
    expect((await postEvent(key, { events: "nope" })).status).toBe(429);
    expect(await logCount()).toBe(stored);

    expect((await postEvent(sameOrgKey)).status).toBe(202);
    expect((await postEvent(otherOrgKey)).status).toBe(202);
    expect(await logCount()).toBe(stored + 2);
  });

  it("does not count requests without a valid key against anyone", async () => {
    const key = await createApiKey(t.pool, orgId);
    for (let i = 0; i < 5; i++) expect((await postEvent(`${key}x`)).status).toBe(401);
    expect((await postEvent(key)).status).toBe(202);
  });
});

describe("login rate limit through next-auth's credentials flow", () => {
  async function signIn(email: string, password: string, ip: string) {
    // A CSRF token first, exactly as the login form gets one.
    const csrf = await AuthHandler({
      req: { action: "csrf", method: "GET", origin: "http://localhost:3000", cookies: {}, headers: {} },
      options: authOptions,
    });
    const cookies = Object.fromEntries((csrf.cookies ?? []).map((c) => [c.name, c.value]));
    return AuthHandler({
      req: {
        action: "callback",
        providerId: "credentials",
        method: "POST",
        origin: "http://localhost:3000",
        cookies,
        headers: { "x-forwarded-for": ip, "content-type": "application/x-www-form-urlencoded" },
        body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, email, password, json: "true" },
        query: {},
      },
      options: authOptions,
    });
  }

  it("signs in, refuses wrong passwords, then answers RateLimited with the wait in seconds even for the right password", async () => {
    const user = await createUser(t.pool, orgId, "admin");
    const ok = await signIn(user.email, user.password, "10.1.0.1");
    expect(ok.redirect).not.toMatch(/error=/);
    expect(ok.cookies?.map((c) => c.name)).toEqual(expect.arrayContaining([expect.stringMatching(/session-token/)]));

    for (let i = 0; i < 3; i++) {
      const wrong = await signIn(user.email, "not the password", "10.1.0.1");
      expect(wrong.redirect).toMatch(/error=CredentialsSignin/);
    }
    const limited = await signIn(user.email, user.password, "10.1.0.1");
    const error = new URL(limited.redirect!, "http://localhost:3000").searchParams.get("error");
    expect(error).toMatch(new RegExp(`^${LOGIN_ERROR_RATE_LIMITED}:\\d+$`));
    const seconds = Number(error!.split(":")[1]);
    expect(seconds).toBeGreaterThan(60);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    expect(limited.cookies?.some((c) => /session-token/.test(c.name))).toBeFalsy();
  });
});
