import { hashPassword } from "../lib/auth/password";
import { test, expect, E2E } from "./fixtures";
import { signInViaApi } from "./support/sign-in";
import { uniqueName } from "./support/test-data";

test.describe("sessions", () => {
  test("'sign out everywhere' ends the account's session in another browser too", async ({ browser, db }) => {
    // An account of its own: the shared role accounts' sessions must survive this test.
    const email = `${uniqueName("sessions").toLowerCase()}@acme.test`;
    const password = "sessions-e2e-password-1";
    await db.query(
      `INSERT INTO users (org_id, email, name, role, password_hash)
       SELECT org_id, $1, 'Sam Sessions', 'viewer', $2 FROM users WHERE email = $3`,
      [email, await hashPassword(password), E2E.accounts.admin.email],
    );
    const laptop = await browser.newContext({ baseURL: E2E.baseUrl });
    const phone = await browser.newContext({ baseURL: E2E.baseUrl });
    await signInViaApi(laptop.request, email, password);
    await signInViaApi(phone.request, email, password);
    const phonePage = await phone.newPage();
    await phonePage.goto("/deliveries");
    await expect(phonePage.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();

    const laptopPage = await laptop.newPage();
    await laptopPage.goto("/settings");
    await laptopPage.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(laptopPage).toHaveURL(/\/login/);

    // The phone's cookie is still there, but its session is no longer honoured.
    await phonePage.goto("/failures");
    await expect(phonePage).toHaveURL(/\/login/);
    const { rows } = await db.query("SELECT session_version FROM users WHERE email = $1", [email]);
    expect(rows[0].session_version).toBe(1);
    await laptop.close();
    await phone.close();
  });
});
