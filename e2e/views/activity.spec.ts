import { test, expect } from "../fixtures";
import { createDestinationViaApi, ingestEvents, uniqueName } from "../support/test-data";

/** The number in the "Fan-out · N deliveries" card title. */
async function ingestedFanOut(page: import("@playwright/test").Page): Promise<number> {
  const heading = page.getByRole("heading", { name: /^Fan-out · \d+ deliver/i });
  await expect(heading).toBeVisible();
  return Number((await heading.textContent())!.match(/(\d+)/)![1]);
}

test.describe("activity", () => {
  test("an ingested event is found by its type, shows its payload and its fan-out, and links to its deliveries", async ({
    adminPage: page,
    api,
    receiver,
  }) => {
    const type = uniqueName("e2e.activity");
    const destinationName = uniqueName("e2e-activity");
    await createDestinationViaApi(api, { name: destinationName, url: receiver.url, event_types: [type] });
    const [event] = await ingestEvents(api, [
      { event_type: type, event_category: "e2e", content: "activity view journey", payload: { order: 4242 } },
    ]);

    // A deep link with the event type filter shows just that event.
    await page.goto(`/activity?eventType=${encodeURIComponent(type)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
    const table = page.getByRole("table", { name: "Activity logs, newest first" });
    await expect(table.getByRole("link", { name: /open details$/ })).toHaveCount(1);
    await expect(table).toContainText(type);
    await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("1 event matches");

    await table.getByRole("link", { name: `Event ${type}, open details` }).click();
    await expect(page).toHaveURL(new RegExp(`/activity/${event!.id}$`));
    await expect(page.getByRole("heading", { level: 1, name: type })).toBeVisible();
    await expect(page.getByText("4242", { exact: true })).toBeVisible();
    // Destinations that take every event type (the seed has some) receive it too.
    const fanOut = await ingestedFanOut(page);
    expect(fanOut).toBe(event!.deliveries);
    await expect(page.getByRole("link", { name: destinationName, exact: true })).toBeVisible();

    await page.getByRole("link", { name: "Open in Deliveries" }).click();
    await expect(page).toHaveURL(new RegExp(`/deliveries\\?logId=${event!.id}$`));
    const deliveries = page.getByRole("table", { name: "Deliveries" });
    await expect(deliveries.getByRole("link", { name: /: open$/ })).toHaveCount(fanOut);
    await expect(deliveries).toContainText(destinationName);
    await expect(page.getByRole("button", { name: "Remove the Event filter" })).toBeVisible();
  });

  test("the filters offer the seen event types and write the URL @readonly", async ({ adminPage: page }) => {
    await page.goto("/activity");
    const filters = page.getByRole("search", { name: "Filters" });
    await filters.getByRole("button", { name: /^Category/ }).click();
    const panel = page.getByRole("dialog", { name: "Filter by Category" });
    await expect(panel.getByRole("checkbox").first()).toBeVisible();
    const first = panel.getByRole("checkbox").first();
    const value = (await first.locator("xpath=..").innerText()).trim();
    await first.check();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/[?&]category=/);
    await expect(filters.getByRole("button", { name: /^Category/ })).toContainText(value);
    await filters.getByRole("button", { name: "Reset filters" }).click();
    await expect(page).toHaveURL(/\/activity$/);
  });
});
