import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

const PAGES = ["/", "/deliveries", "/failures", "/destinations", "/activity", "/settings"];

/** Serious and critical violations, described well enough to find the element. */
async function blockingViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`)
          .join(" | ")}`,
    );
}

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
