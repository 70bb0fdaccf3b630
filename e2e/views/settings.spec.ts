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

  test("an API key is shown once with its scope, ingests, cannot manage, and stops working when revoked", async ({
    adminPage: page,
    db,
  }) => {
    const name = uniqueName("e2e-key");
    await page.goto("/settings?tab=api-keys");
    await page.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create an API key" });
    await dialog.getByLabel("Name").fill(name);
    // Ingest is the default scope; manage is chosen on purpose.
    const scopes = dialog.getByRole("group", { name: "Scopes" });
    await expect(scopes.getByRole("checkbox", { name: /^Ingest/ })).toBeChecked();
    await expect(scopes.getByRole("checkbox", { name: /^Manage/ })).not.toBeChecked();
    await dialog.getByRole("button", { name: "Create key" }).click();
    const key = await takeSecret(page, `API key "${name}"`);
    expect(key).toMatch(/^hk_/);
    const stored = await db.query("SELECT key_hash, scopes FROM api_keys WHERE name = $1", [name]);
    expect(stored.rows[0].key_hash).not.toContain(key);
    expect(stored.rows[0].scopes).toEqual(["ingest"]);
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row.getByRole("cell").nth(2)).toHaveText("ingest");

    const client = await request.newContext({
      baseURL: E2E.baseUrl,
      extraHTTPHeaders: { authorization: `Bearer ${key}` },
    });
    const accepted = await client.post("/api/v1/events", { data: { event_type: uniqueName("e2e.key"), payload: {} } });
    expect(accepted.status()).toBe(202);
    const manage = await client.get("/api/v1/destinations");
    expect(manage.status()).toBe(403);
    expect(await manage.json()).toMatchObject({ code: "insufficient_scope" });

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

  test("a key created with the manage scope only manages, and a key needs at least one scope", async ({
    adminPage: page,
    db,
  }) => {
    const name = uniqueName("e2e-manage-key");
    await page.goto("/settings?tab=api-keys");
    await page.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create an API key" });
    await dialog.getByLabel("Name").fill(name);
    const scopes = dialog.getByRole("group", { name: "Scopes" });
    await scopes.getByRole("checkbox", { name: /^Ingest/ }).uncheck();
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Choose at least one scope");
    expect((await db.query("SELECT 1 FROM api_keys WHERE name = $1", [name])).rowCount).toBe(0);
    await scopes.getByRole("checkbox", { name: /^Manage/ }).check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    const key = await takeSecret(page, `API key "${name}"`);
    await expect(page.getByRole("row").filter({ hasText: name }).getByRole("cell").nth(2)).toHaveText("manage");

    const client = await request.newContext({
      baseURL: E2E.baseUrl,
      extraHTTPHeaders: { authorization: `Bearer ${key}` },
    });
    expect((await client.get("/api/v1/destinations")).status()).toBe(200);
    const ingest = await client.post("/api/v1/events", { data: { event_type: uniqueName("e2e.key"), payload: {} } });
    expect(ingest.status()).toBe(403);
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
