import { beforeAll, describe, expect, it } from "vitest";
import { authOptions } from "../../lib/auth/options";
import { linkOidcUser } from "../../lib/auth/oidc-link";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createOrg } from "../helpers/fixtures";

// Single sign-on may only admit the person an account belongs to: an IdP's unverified e-mail
// claim is not enough (on many IdPs users type their own address), and once an identity is
// linked it is the (issuer, subject) pair that signs in, not whatever e-mail arrives later.

const ISSUER = "https://idp.example";
let t: TestDatabase;
let orgId: string;

async function user(email: string, active = true): Promise<string> {
  const { rows } = await t.pool.query<{ id: string }>(
    "INSERT INTO users (org_id, email, name, role, active) VALUES ($1, $2, 'U', 'admin', $3) RETURNING id",
    [orgId, email, active],
  );
  return rows[0]!.id;
}

const identities = async () =>
  (await t.pool.query("SELECT issuer, subject, user_id FROM user_identities ORDER BY subject")).rows;

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  process.env.OIDC_ISSUER = `${ISSUER}/`;
});

describe("OIDC sign-in", () => {
  it("refuses an e-mail the IdP does not vouch for, and links nothing", async () => {
    await user("owner@acme.test");
    for (const verified of [undefined, false, "true", 1])
      expect(
        await linkOidcUser(ISSUER, { sub: "attacker", email: "owner@acme.test", email_verified: verified }),
      ).toMatchObject({
        ok: false,
      });
    expect(await identities()).toEqual([]);
  });

  it("links a verified e-mail to its active account once, then signs in by (issuer, subject) alone", async () => {
    const id = await user("ann@acme.test");
    expect(await linkOidcUser(ISSUER, { sub: "ann-sub", email: "Ann@Acme.test", email_verified: true })).toEqual({
      ok: true,
      userId: id,
    });
    expect(await identities()).toContainEqual({ issuer: ISSUER, subject: "ann-sub", user_id: id });
    // Her address changed at the IdP (or is now unverified): still her.
    expect(await linkOidcUser(ISSUER, { sub: "ann-sub", email: "ann@elsewhere.test" })).toEqual({
      ok: true,
      userId: id,
    });
    // Another subject claiming her verified address is not her.
    expect(await linkOidcUser(ISSUER, { sub: "mallory", email: "ann@acme.test", email_verified: true })).toMatchObject({
      ok: false,
    });
  });

  it("admits no inactive or unknown account", async () => {
    await user("gone@acme.test", false);
    expect(await linkOidcUser(ISSUER, { sub: "gone", email: "gone@acme.test", email_verified: true })).toMatchObject({
      ok: false,
    });
    expect(
      await linkOidcUser(ISSUER, { sub: "nobody", email: "nobody@acme.test", email_verified: true }),
    ).toMatchObject({
      ok: false,
    });
  });

  it("next-auth's callbacks use it: signIn refuses an unverified e-mail, the token names the linked user", async () => {
    const id = await user("bob@acme.test");
    const account = { provider: "oidc", type: "oauth", providerAccountId: "bob-sub" } as const;
    const signIn = authOptions.callbacks!.signIn!;
    expect(
      await signIn({
        user: { id: "bob-sub" },
        account,
        profile: { email: "bob@acme.test", email_verified: false },
      } as never),
    ).toBe(false);
    expect(
      await signIn({
        user: { id: "bob-sub" },
        account,
        profile: { email: "bob@acme.test", email_verified: true },
      } as never),
    ).toBe(true);
    const token = await authOptions.callbacks!.jwt!({
      token: {},
      user: { id: "bob-sub", email: "x@evil.test" },
      account,
    } as never);
    expect(token).toMatchObject({ userId: id, email: "bob@acme.test" });
  });
});
