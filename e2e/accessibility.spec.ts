import { test, expect } from "./fixtures";
import { blockingViolations } from "./support/axe";

const PAGES = ["/", "/deliveries", "/failures", "/destinations", "/activity", "/settings"];

test.describe("accessibility smoke", () => {
  for (const path of PAGES) {
    test(`${path} has no serious or critical axe violations @readonly`, async ({ adminPage }) => {
      await adminPage.goto(path);
      await expect(adminPage.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await blockingViolations(adminPage)).toEqual([]);
    });
  }

  test("the login page has no serious or critical axe violations @readonly", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await blockingViolations(page)).toEqual([]);
  });

  for (const path of ["/", "/deliveries", "/destinations"]) {
    test(`${path} in the dark theme also passes @readonly`, async ({ adminPage }) => {
      await adminPage.emulateMedia({ colorScheme: "dark" });
      await adminPage.goto(path);
      await expect(adminPage.locator("html")).toHaveClass(/dark/);
      await expect(adminPage.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await blockingViolations(adminPage)).toEqual([]);
    });
  }
});
