import { test, expect } from "./fixtures";
import { DeliveriesPage } from "./pages/deliveries-page";
import { DISPATCHING_TEST_TIMEOUT, createDeadLetter } from "./support/test-data";

test.describe("cross-tenant", () => {
  test.describe.configure({ timeout: DISPATCHING_TEST_TIMEOUT });

  test("a user of another organisation gets “Not found” for the first org's delivery, destination, dead letter and event", async ({ adminPage, otherOrgPage, api, receiver, runCron, db }) => {
    const { name, destination, delivery, letter } = await createDeadLetter(api, receiver, runCron, db, "e2e-tenant");
    const urls = [`/deliveries/${delivery.id}`, `/destinations/${destination.id}`, `/failures/${letter.id}`, `/activity/${delivery.log_id}`];

    for (const url of urls) {
      // Acme's own admin sees the page…
      await adminPage.goto(url);
      await expect(adminPage.getByRole("heading", { level: 1 }), url).toBeVisible();
      await expect(adminPage.getByText("Not found", { exact: true }), url).toHaveCount(0);

      // …Globex's admin is told it does not exist, and nothing of it leaks into the page.
      await otherOrgPage.goto(url);
      await expect(otherOrgPage.getByText("Not found", { exact: true }), url).toBeVisible();
      await expect(otherOrgPage.getByText("It does not exist, or it belongs to another organisation."), url).toBeVisible();
      await expect(otherOrgPage.getByRole("main"), url).not.toContainText(name);
    }

    // Filtering the other org's tables by the first org's destination finds nothing either.
    const deliveries = new DeliveriesPage(otherOrgPage);
    await deliveries.goto({ destinationId: destination.id });
    await deliveries.expectTotal(0, "deliveries");
    await deliveries.expectRowIds([]);
    const csv = await otherOrgPage.request.get(`/deliveries/export?format=csv&destinationId=${destination.id}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).trim().split("\n")).toHaveLength(1);
  });
});
