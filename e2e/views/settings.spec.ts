import { request } from "@playwright/test";
import { test, expect, E2E } from "../fixtures";
import { expectDeniedWithReason } from "../pages/denied-control";
import { signInViaApi } from "../support/sign-in";
import { uniqueName } from "../support/test-data";

const ADMINS_ONLY = "Only admins can do this";

/** Reads the one-time secret out of its dialog and closes it. */
async function takeSecret(page: import("@playwright/test").Page, title: string | RegExp): Promise<string> {
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  const secret = (await dialog.getByTestId("secret-value").textContent())?.trim() ?? "";
  await dialog.getByRole("button", { name: "I have copied it" }).click();
  await expect(dialog).toBeHidden();
  return secret;
}

test.describe("settings", () => {
  test("an admin adds a user whose one-time password signs in, changes the role, then deactivates them", async ({
    adminPage: page,
    db,
  }) => {
    const email = `${uniqueName("e2e-user")}@acme.test`;
    await page.goto("/settings");
    await page.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a user" });
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Name").fill("E2E Person");
    await dialog.getByLabel("Role").selectOption("lead");
    await dialog.getByRole("button", { name: "Create user" }).click();
    const password = await takeSecret(page, `Password for ${email}`);
    expect(password.length).toBeGreaterThanOrEqual(12);

    const context = await request.newContext({ baseURL: E2E.baseUrl });
    await signInViaApi(context, email, password);
    await context.dispose();

    const row = page.getByRole("row").filter({ hasText: email });
    await row.getByLabel(`Role of ${email}`).selectOption("viewer");
    await expect(page.getByRole("status").filter({ hasText: `${email} is now viewer` })).toBeVisible();
    await row.getByRole("button", { name: "Deactivate" }).click();
    await page
      .getByRole("dialog", { name: `Deactivate ${email}?` })
      .getByRole("button", { name: "Deactivate" })
      .click();
    await expect(row.getByText("deactivated")).toBeVisible();
    await expect
      .poll(async () => (await db.query("SELECT role, active FROM users WHERE email = $1", [email])).rows[0])
      .toEqual({ role: "viewer", active: false });

    // The audit log lists what happened, newest first.
    await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Audit log" }).click();
    const audit = page.getByRole("table", { name: "Audit log, newest first" });
    for (const action of ["user.deactivated", "user.role_changed", "user.created"])
      await expect(audit.getByText(action).first()).toBeVisible();
  });

  test("an API key is shown once, ingests, and stops working when revoked", async ({ adminPage: page, db }) => {
    const name = uniqueName("e2e-key");
    await page.goto("/settings?tab=api-keys");
    await page.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create an API key" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create key" }).click();
    const key = await takeSecret(page, `API key "${name}"`);
    expect(key).toMatch(/^hk_/);
    const stored = await db.query("SELECT key_hash FROM api_keys WHERE name = $1", [name]);
    expect(stored.rows[0].key_hash).not.toContain(key);

    const client = await request.newContext({
      baseURL: E2E.baseUrl,
      extraHTTPHeaders: { authorization: `Bearer ${key}` },
    });
    const accepted = await client.post("/api/v1/events", { data: { event_type: uniqueName("e2e.key"), payload: {} } });
    expect(accepted.status()).toBe(202);

    const row = page.getByRole("row").filter({ hasText: name });
    await row.getByRole("button", { name: "Revoke" }).click();
    await page
      .getByRole("dialog", { name: `Revoke "${name}"?` })
      .getByRole("button", { name: "Revoke key" })
      .click();
    await expect(row.getByText("revoked")).toBeVisible();
    const refused = await client.post("/api/v1/events", { data: { event_type: uniqueName("e2e.key"), payload: {} } });
    expect(refused.status()).toBe(401);
    await client.dispose();
  });

  test("a viewer sees users and keys with every control disabled and the reason @readonly", async ({
    viewerPage: page,
  }) => {
    await page.goto("/settings");
    await expectDeniedWithReason(page.getByRole("button", { name: "Add user" }), ADMINS_ONLY);
    await expectDeniedWithReason(page.getByRole("button", { name: "Reset password" }).first(), ADMINS_ONLY);
    await page.goto("/settings?tab=api-keys");
    await expectDeniedWithReason(page.getByRole("button", { name: "Create key" }), ADMINS_ONLY);
  });
});
