import type { NextAuthOptions } from "next-auth";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createOrg } from "../helpers/fixtures";
import { startAuthServer, startOidcProvider, type IdpIdentity, type OidcProviderStandIn } from "./oidc-support";

// The whole single sign-on round trip over HTTP on 127.0.0.1: next-auth's sign-in, the identity
// provider's authorization and token endpoints (a stand-in issuing RS256 id_tokens), next-auth's
// callback with openid-client's checks (state, PKCE, the id_token's signature, issuer and
// audience), then this app's signIn and jwt callbacks deciding who — if anyone — is signed in.

let t: TestDatabase;
let orgId: string;
let idp: OidcProviderStandIn;
let app: { url: string; close(): Promise<void> };
let options: NextAuthOptions;

async function localUser(email: string): Promise<string> {
  const { rows } = await t.pool.query<{ id: string }>(
    "INSERT INTO users (org_id, email, name, role) VALUES ($1, $2, 'Sso User', 'viewer') RETURNING id",
    [orgId, email],
  );
  return rows[0]!.id;
}

/** A browser's cookie jar, enough for one sign-in. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const name = pair!.slice(0, pair!.indexOf("="));
      const value = pair!.slice(pair!.indexOf("=") + 1);
      if (value && !/max-age=0/i.test(line)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
  }
  header = () => [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  get = (name: string) => this.cookies.get(name);
}

/**
 * Signs in through the IdP as `identity`, the way a browser does: the app's sign-in endpoint
 * sends it to the IdP, the IdP back to the app's callback. Returns where the app sent it last and
 * whom the session cookie names (null: no session).
 */
async function signInThroughIdp(identity: IdpIdentity): Promise<{ landedOn: string; userId: string | null }> {
  const jar = new Jar();
  const call = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...init.headers, cookie: jar.header() },
    });
    jar.take(response);
    return response;
  };
  const { csrfToken } = (await (await call(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
  const toIdp = await call(`${app.url}/api/auth/signin/oidc`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${app.url}/deliveries` }).toString(),
  });
  const authorize = toIdp.headers.get("location") ?? "";
  expect(authorize.startsWith(`${idp.issuer}/authorize?`)).toBe(true);
  idp.signInAs(identity);
  const back = await fetch(authorize, { redirect: "manual" });
  const callback = back.headers.get("location") ?? "";
  expect(callback.startsWith(`${app.url}/api/auth/callback/oidc?`)).toBe(true);
  let landed = await call(callback);
  expect(landed.status).toBe(302);
  // A refusal goes through next-auth's error endpoint, which sends the browser on to pages.error.
  const location = landed.headers.get("location") ?? "";
  if (location.startsWith(`${app.url}/api/auth/error`)) landed = await call(location);
  const cookie = jar.get("next-auth.session-token");
  const token = cookie ? await decode({ token: cookie, secret: process.env.NEXTAUTH_SECRET! }) : null;
  return { landedOn: landed.headers.get("location") ?? "", userId: (token?.userId as string | undefined) ?? null };
}

const identities = async () =>
  (await t.pool.query("SELECT issuer, subject, user_id FROM user_identities ORDER BY subject")).rows;

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  idp = await startOidcProvider();
  app = await startAuthServer(() => options);
  // next-auth and the provider list read these when lib/auth/options is first imported.
  process.env.NEXTAUTH_URL = app.url;
  process.env.OIDC_ISSUER = idp.issuer;
  process.env.OIDC_CLIENT_ID = idp.clientId;
  process.env.OIDC_CLIENT_SECRET = idp.clientSecret;
  options = (await import("../../lib/auth/options")).authOptions;
});

afterAll(async () => {
  await app?.close();
  await idp?.close();
});

describe("OIDC sign-in against an identity provider on 127.0.0.1", () => {
  it("an e-mail the IdP does not mark verified signs no one in and links nothing", async () => {
    await localUser("owner@sso.test");
    for (const email_verified of [undefined, false, "true"]) {
      const outcome = await signInThroughIdp({ sub: "intruder", email: "owner@sso.test", email_verified });
      expect(outcome).toEqual({ landedOn: "/login?error=AccessDenied", userId: null });
    }
    expect(await identities()).toEqual([]);
  });

  it("a verified e-mail links the identity once; then its (issuer, sub) signs in whatever its e-mail becomes", async () => {
    const id = await localUser("ann@sso.test");
    expect(await signInThroughIdp({ sub: "ann", email: "ann@sso.test", email_verified: true })).toEqual({
      landedOn: `${app.url}/deliveries`,
      userId: id,
    });
    expect(await identities()).toContainEqual({ issuer: idp.issuer, subject: "ann", user_id: id });
    expect(await signInThroughIdp({ sub: "ann", email: "ann.new@elsewhere.test", email_verified: false })).toEqual({
      landedOn: `${app.url}/deliveries`,
      userId: id,
    });
  });

  it("another subject claiming a linked account's verified e-mail is refused", async () => {
    const id = await localUser("bob@sso.test");
    expect((await signInThroughIdp({ sub: "bob", email: "bob@sso.test", email_verified: true })).userId).toBe(id);
    expect(await signInThroughIdp({ sub: "not-bob", email: "bob@sso.test", email_verified: true })).toEqual({
      landedOn: "/login?error=AccessDenied",
      userId: null,
    });
    expect((await identities()).filter((row) => row.user_id === id)).toEqual([
      { issuer: idp.issuer, subject: "bob", user_id: id },
    ]);
  });
});
