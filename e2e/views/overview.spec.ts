import { test, expect } from "../fixtures";

test.describe("overview", () => {
  test("shows the last 24 hours, switches to 7 days, and every figure opens its rows @readonly", async ({
    adminPage: page,
  }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    const day = page.getByRole("region", { name: "Deliveries, last 24 hours" });
    for (const tile of [
      /^Deliveries [\d,]+/,
      /^Success rate/,
      /^Delivered [\d,]+/,
      /^Retrying [\d,]+/,
      /^Dead [\d,]+/,
      /^Oldest undelivered/,
      /^Dead-letter queue [\d,]+/,
    ]) {
      await expect(day.getByRole("link", { name: tile })).toBeVisible();
    }
    await expect(page.getByRole("heading", { name: /Deliveries over time · last 24 hours/i })).toBeVisible();
    await expect(page.getByRole("heading", { name: /Top failing destinations/i })).toBeVisible();

    await page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "7 d" }).click();
    await expect(page).toHaveURL(/\?range=7d$/);
    const week = page.getByRole("region", { name: "Deliveries, last 7 days" });
    await expect(week).toBeVisible();

    // A tile is a deep link into the deliveries table with its filter applied.
    await week.getByRole("link", { name: /^Dead [\d,]+/ }).click();
    await expect(page).toHaveURL(/\/deliveries\?status=dead&createdFrom=/);
    await expect(page.getByRole("search", { name: "Filters" }).getByRole("button", { name: /^Status/ })).toContainText(
      "Dead",
    );

    await page.goto("/");
    await page
      .getByRole("region", { name: "Deliveries, last 24 hours" })
      .getByRole("link", { name: /^Dead-letter queue/ })
      .click();
    await expect(page).toHaveURL(/\/failures\?status=pending$/);
    await expect(page.getByRole("heading", { level: 1, name: "Failures" })).toBeVisible();
  });
});
