import { test, expect, E2E } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { Shell } from "./pages/shell";

test.describe("login", () => {
  // The display names are the demo seed's; against a deployment the name is whatever its
  // account is called (the session says), the org is E2E_ORG_NAME.
  for (const [role, seededName] of [
    ["admin", "Ada Admin"],
    ["lead", "Lee Lead"],
    ["viewer", "Vic Viewer"],
  ] as const) {
    test(`${role} signs in and sees the shell with their org and role @readonly`, async ({ page }) => {
      const login = new LoginPage(page);
      await login.goto();
      await login.signIn(E2E.accounts[role].email, E2E.accounts[role].password);
      await expect(page).toHaveURL(/\/$/);
      const session = (await (await page.request.get("/api/auth/session")).json()) as {
        user?: { name?: string; role?: string };
      };
      expect(session.user?.role, "the account's role (E2E_*_EMAIL must name a user with this role)").toBe(role);
      await new Shell(page).expectSignedInAs(E2E.external ? (session.user?.name ?? "") : seededName, E2E.orgName, role);
      for (const item of ["Overview", "Deliveries", "Failures", "Destinations", "Activity", "Settings"]) {
        await expect(new Shell(page).nav(item)).toBeVisible();
      }
    });
  }

  test("a wrong password shows a message and no session @readonly", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    // An address with no account: a wrong password for a real one would count against its
    // per-email sign-in limit, and repeated runs against a deployment could lock it out.
    await login.signIn(`nobody-${Date.now()}@acme.test`, "not-the-password");
    await login.expectError("Wrong email or password.");
    await expect(page).toHaveURL(/\/login/);
    const session = await (await page.request.get("/api/auth/session")).json();
    expect(session).toEqual({});
  });

  test("repeated failures are rate limited with a message", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    // A throwaway address: the limit is per email (5 in the e2e server) and per IP (high).
    const email = `ratelimit-${Date.now()}@acme.test`;
    for (let i = 0; i < 5; i++) {
      await login.signIn(email, `wrong-${i}`);
      await login.expectError("Wrong email or password.");
    }
    await login.signIn(email, "wrong-again");
    await login.expectError(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./);
  });

  test("a client-written X-Forwarded-For does not reset the limit (the socket's address counts)", async ({
    request,
    db,
  }) => {
    const email = `spoof-${Date.now()}@acme.test`;
    const attempt = async (i: number) => {
      const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const response = await request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email, password: `wrong-${i}`, json: "true", callbackUrl: "/" },
        headers: { "x-forwarded-for": `198.51.100.${i}`, "x-hookline-client-address": `198.51.100.${i}` },
        maxRedirects: 0,
      });
      return `${response.headers()["location"] ?? ""} ${await response.text()}`;
    };
    for (let i = 0; i < 5; i++) expect(await attempt(i)).not.toContain("RateLimited");
    expect(await attempt(99)).toContain("RateLimited");
    // Counted against the socket's address (so the preload npm start loads reached the sign-in),
    // never against a shared "unknown" nor an address the client wrote. Other journeys sign in
    // from 127.0.0.1 at the same time, so its count is only known to be there.
    const ipKeys = await db.query<{ key: string; points: number }>(
      "SELECT key, points FROM rate_limits WHERE key LIKE 'login:ip:%' AND expire > $1",
      [Date.now()],
    );
    const keys = ipKeys.rows.map((row) => row.key);
    expect(keys).toContain("login:ip:127.0.0.1");
    expect(keys.filter((key) => key === "login:ip:unknown" || key.startsWith("login:ip:198.51.100."))).toEqual([]);
  });

  test("a page without a session redirects to login, and login returns to the deep link @readonly", async ({
    page,
  }) => {
    await page.goto("/failures?status=pending");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ffailures%3Fstatus%3Dpending/);
    await new LoginPage(page).signIn(E2E.accounts.admin.email, E2E.accounts.admin.password);
    await expect(page).toHaveURL(/\/failures\?status=pending$/);
  });

  test("logout ends the session @readonly", async ({ adminPage }) => {
    await adminPage.goto("/");
    await new Shell(adminPage).signOut();
    await expect(adminPage).toHaveURL(/\/login/);
    await adminPage.goto("/deliveries");
    await expect(adminPage).toHaveURL(/\/login\?callbackUrl=%2Fdeliveries/);
  });
});
