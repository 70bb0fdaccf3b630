import { randomUUID } from "node:crypto";
import { test, expect } from "./fixtures";
import { DeliveriesPage } from "./pages/deliveries-page";
import { NotFoundPage } from "./pages/not-found-page";
import { DISPATCHING_TEST_TIMEOUT, createDeadLetter } from "./support/test-data";

test.describe("cross-tenant", () => {
  test.describe.configure({ timeout: DISPATCHING_TEST_TIMEOUT });

  test("a user of another organisation gets “Not found” for the first org's delivery, destination, dead letter and event", async ({
    adminPage,
    otherOrgPage,
    api,
    receiver,
    runCron,
    db,
  }) => {
    const { name, eventType, destination, delivery, letter } = await createDeadLetter(
      api,
      receiver,
      runCron,
      db,
      "e2e-tenant",
    );
    // Each detail page's h1 reads as words with spaces between its parts (its text content, not
    // just what a flex layout shows): name, then status.
    const pages = [
      {
        url: `/deliveries/${delivery.id}`,
        heading: `Delivery of ${eventType} to ${name} dead`,
        back: { name: "Back to Deliveries", href: "/deliveries" },
      },
      {
        url: `/destinations/${destination.id}`,
        heading: `${name} enabled`,
        back: { name: "Back to Destinations", href: "/destinations" },
      },
      {
        url: `/failures/${letter.id}`,
        heading: `Failed webhook #${letter.id} pending`,
        back: { name: "Back to Failures", href: "/failures" },
      },
      {
        url: `/activity/${delivery.log_id}`,
        heading: eventType,
        back: { name: "Back to Activity", href: "/activity" },
      },
    ];

    const notFound = new NotFoundPage(otherOrgPage);
    for (const { url, heading, back } of pages) {
      // Acme's own admin sees the page…
      const response = await adminPage.goto(url);
      expect(response?.status(), url).toBe(200);
      const h1 = adminPage.getByRole("heading", { level: 1 });
      await expect(h1, url).toHaveAccessibleName(heading);
      expect((await h1.textContent())?.replace(/\s+/g, " ").trim(), url).toBe(heading);
      await expect(adminPage.getByText("Not found", { exact: true }), url).toHaveCount(0);

      // …Globex's admin is told it does not exist (HTTP 404, not a 200 page saying so), and
      // nothing of it leaks into the page.
      await notFound.expectAt(url, back);
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

  test("ids that exist nowhere answer 404 with the not-found page, and the lists stay 200 @readonly", async ({
    adminPage,
  }) => {
    const notFound = new NotFoundPage(adminPage);
    await notFound.expectAt(`/deliveries/${randomUUID()}`, { name: "Back to Deliveries", href: "/deliveries" });
    await notFound.expectAt("/deliveries/not-a-uuid", { name: "Back to Deliveries", href: "/deliveries" });
    await notFound.expectAt("/failures/999999999999", { name: "Back to Failures", href: "/failures" });
    await notFound.expectAt("/failures/not-a-number", { name: "Back to Failures", href: "/failures" });
    await notFound.expectAt(`/destinations/${randomUUID()}`, { name: "Back to Destinations", href: "/destinations" });
    await notFound.expectAt(`/activity/${randomUUID()}`, { name: "Back to Activity", href: "/activity" });

    for (const url of [
      "/",
      "/deliveries",
      "/failures",
      "/destinations",
      "/activity",
      "/settings",
      "/destinations/new",
    ]) {
      const response = await adminPage.goto(url);
      expect(response?.status(), url).toBe(200);
      await expect(adminPage.getByRole("heading", { level: 1 }), url).not.toHaveText("Not found");
    }
  });
});
