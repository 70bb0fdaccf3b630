import type { Page } from "@playwright/test";
import { test, expect, E2E } from "./fixtures";
import { DeliveryDetailPage } from "./pages/deliveries-page";
import { FailureDetailPage, FailuresPage } from "./pages/failures-page";

// The person paged at night opens the failures on a phone: the journeys of the failures list,
// a failure and a delivery at 390 × 844.
const PHONE = { width: 390, height: 844 };

async function expectFitsTheScreen(page: Page): Promise<void> {
  const main = await page.locator("main").boundingBox();
  expect(main?.width).toBeGreaterThanOrEqual(PHONE.width - 1);
  // Nothing overflows sideways: only tables scroll, inside their own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

test.describe("the console on a phone", () => {
  test.beforeEach(async ({ adminPage }) => {
    await adminPage.setViewportSize(PHONE);
  });

  test("the menu opens a drawer with the sections; Escape closes it, a link navigates and closes it", async ({
    adminPage: page,
  }) => {
    const failures = new FailuresPage(page);
    await failures.goto();
    await expectFitsTheScreen(page);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();

    const menu = page.getByRole("button", { name: "Menu" });
    await menu.click();
    const drawer = page.getByRole("dialog", { name: "Menu" });
    await expect(drawer.getByRole("link", { name: "Deliveries" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(menu).toBeFocused();

    await menu.click();
    await drawer.getByRole("link", { name: "Deliveries" }).click();
    await expect(page).toHaveURL(/\/deliveries$/);
    await expect(drawer).toBeHidden();
    await expectFitsTheScreen(page);
    // The filters fold into one control.
    const filters = page.getByRole("button", { name: /^Filters/ });
    await expect(filters).toHaveAttribute("aria-expanded", "false");
    await filters.click();
    await expect(page.getByRole("search", { name: "Filters" }).getByRole("button", { name: /Status/ })).toBeVisible();
  });

  test("a failure's page fits the screen and its retry works from there", async ({ adminPage: page, db }) => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT f.id::text AS id FROM failed_webhooks f
        WHERE f.status = 'pending' AND f.webhook_payload_json ->> 'org_id' = (SELECT org_id::text FROM users WHERE email = $1)
        ORDER BY f.id DESC LIMIT 1`,
      [E2E.accounts.admin.email],
    );
    const detail = new FailureDetailPage(page);
    await detail.goto(rows[0]!.id);
    await expect(detail.heading(rows[0]!.id)).toBeVisible();
    await expectFitsTheScreen(page);
    await detail.discard.scrollIntoViewIfNeeded();
    await expect(detail.discard).toBeInViewport();
    await detail.retry.scrollIntoViewIfNeeded();
    await detail.retryNow();
  });

  test("a delivery's page keeps its values readable and its actions reachable", async ({ adminPage: page, db }) => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT d.id FROM webhook_deliveries d JOIN webhook_destinations w ON w.id = d.destination_id
        WHERE d.status = 'dead' AND w.org_id = (SELECT org_id FROM users WHERE email = $1) LIMIT 1`,
      [E2E.accounts.admin.email],
    );
    const detail = new DeliveryDetailPage(page);
    await page.goto(`/deliveries/${rows[0]!.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectFitsTheScreen(page);
    // No value wraps a character per line: every definition is wider than a few characters.
    const narrowest = await page
      .getByRole("definition")
      .evaluateAll((cells) => Math.min(...cells.map((c) => c.getBoundingClientRect().width)));
    expect(narrowest).toBeGreaterThan(60);
    await detail.retryNow.scrollIntoViewIfNeeded();
    await expect(detail.retryNow).toBeInViewport();
    await expect(detail.retryNow).toBeEnabled();
  });
});
