import type pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { test, expect, E2E } from "./fixtures";
import { sessionCookie } from "./support/session-cookie";
import { signInViaApi } from "./support/sign-in";
import { uniqueName } from "./support/test-data";

/** An account of its own: the shared role accounts' sessions must survive these tests. */
async function createAccount(db: pg.Pool, prefix: string): Promise<{ email: string; password: string }> {
  const email = `${uniqueName(prefix).toLowerCase()}@acme.test`;
  const password = "sessions-e2e-password-1";
  await db.query(
    `INSERT INTO users (org_id, email, name, role, password_hash)
     SELECT org_id, $1, 'Sam Sessions', 'viewer', $2 FROM users WHERE email = $3`,
    [email, await hashPassword(password), E2E.accounts.admin.email],
  );
  return { email, password };
}

test.describe("sessions", () => {
  test("'sign out everywhere' ends the account's session in another browser: its pages, actions and routes", async ({
    browser,
    db,
  }) => {
    const { email, password } = await createAccount(db, "sessions");
    const laptop = await browser.newContext({ baseURL: E2E.baseUrl });
    const phone = await browser.newContext({ baseURL: E2E.baseUrl });
    await signInViaApi(laptop.request, email, password);
    await signInViaApi(phone.request, email, password);
    const phonePage = await phone.newPage();
    await phonePage.goto("/settings");
    await expect(phonePage.getByRole("heading", { name: "Your sessions" })).toBeVisible();

    const laptopPage = await laptop.newPage();
    await laptopPage.goto("/settings");
    await laptopPage.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(laptopPage).toHaveURL(/\/login/);
    const { rows } = await db.query("SELECT session_version FROM users WHERE email = $1", [email]);
    expect(rows[0].session_version).toBe(1);

    // The phone's cookie is still there, but its session is no longer honoured: a server action
    // from the page it already shows…
    const phoneSessions = phonePage.getByRole("region", { name: "Your sessions" });
    await phoneSessions.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(phoneSessions.getByRole("alert")).toHaveText("Sign in to continue");
    // …the dashboard's route handlers (export, bulk progress)…
    const exported = await phone.request.get("/deliveries/export?format=ndjson", { maxRedirects: 0 });
    expect(exported.status()).toBe(401);
    const bulk = await phone.request.post("/deliveries/bulk?action=retry", {
      headers: { origin: E2E.baseUrl, "content-type": "application/json" },
      data: { query: "" },
    });
    const lines = (await bulk.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toEqual({ result: { ok: false, error: "Sign in to continue", code: "unauthorized" } });
    // …and every page.
    await phonePage.goto("/failures");
    await expect(phonePage).toHaveURL(/\/login/);
    expect(
      (await db.query("SELECT session_version FROM users WHERE email = $1", [email])).rows[0].session_version,
    ).toBe(1);
    await laptop.close();
    await phone.close();
  });

  test("a session signed in longer ago than its absolute lifetime is refused and its cookie cleared, however fresh its expiry", async ({
    browser,
    db,
  }) => {
    const { email } = await createAccount(db, "lifetime");
    const { rows } = await db.query(
      "SELECT id, org_id, role, name, email, session_version FROM users WHERE email = $1",
      [email],
    );
    const user = rows[0];
    const claims = {
      sub: user.id,
      userId: user.id,
      orgId: user.org_id,
      role: user.role,
      name: user.name,
      email: user.email,
      sessionVersion: user.session_version,
    };
    const now = Math.floor(Date.now() / 1000);

    // The same claims signed in an hour ago are a working session: the cookie is made right.
    const recent = await browser.newContext({ baseURL: E2E.baseUrl });
    await recent.addCookies([await sessionCookie({ ...claims, signedInAt: now - 3600 })]);
    const recentPage = await recent.newPage();
    await recentPage.goto("/deliveries");
    await expect(recentPage.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();
    await recent.close();

    // Signed in 8 days ago (SESSION_MAX_AGE_DAYS is 7), its 8-hour expiry freshly renewed.
    const stale = await browser.newContext({ baseURL: E2E.baseUrl });
    await stale.addCookies([await sessionCookie({ ...claims, signedInAt: now - 8 * 24 * 3600 })]);
    const stalePage = await stale.newPage();
    await stalePage.goto("/deliveries");
    await expect(stalePage).toHaveURL(/\/login/);
    expect((await stale.request.get("/deliveries/export?format=ndjson", { maxRedirects: 0 })).status()).toBe(401);
    // Refreshing it through next-auth gives no session and clears the cookie instead of renewing it.
    const refreshed = await stale.request.get("/api/auth/session");
    expect(await refreshed.json()).toEqual({});
    expect((await stale.cookies()).filter((c) => c.name.endsWith("next-auth.session-token"))).toEqual([]);
    await stale.close();
  });
});
