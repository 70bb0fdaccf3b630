import { ok, respondWith } from "../test-support/receiver";
import { test, expect, E2E } from "./fixtures";
import { DeliveryDetailPage } from "./pages/deliveries-page";
import { FailureDetailPage, FailuresPage } from "./pages/failures-page";
import { PHONE, PhoneShell } from "./pages/phone";
import { blockingViolations } from "./support/axe";
import {
  DISPATCHING_TEST_TIMEOUT,
  createDeadLetter,
  createDestinationViaApi,
  deliveriesOf,
  dispatchUntilSettled,
  failedWebhooksOf,
  ingestEvents,
  uniqueName,
} from "./support/test-data";

// The person paged at night opens the failures on a phone: the console's journeys at 390 × 844.
test.describe("the console on a phone", () => {
  test.beforeEach(async ({ adminPage }) => {
    await adminPage.setViewportSize(PHONE);
  });

  test("the menu button opens the navigation in a drawer that holds the focus; Escape, the backdrop and a chosen link close it", async ({
    adminPage: page,
  }) => {
    const shell = new PhoneShell(page);
    await new FailuresPage(page).goto();
    await shell.expectFitsTheScreen();
    // The sidebar is gone; its links are behind the menu button.
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    const drawerId = await shell.menuButton.getAttribute("aria-controls");
    expect(drawerId).toBeTruthy();
    await expect(shell.menuButton).toHaveAttribute("aria-expanded", "false");
    await expect(shell.menuButton).toHaveAttribute("aria-haspopup", "dialog");

    await shell.openMenu();
    await expect(shell.menuButton).toHaveAttribute("aria-expanded", "true");
    await expect(shell.drawer).toHaveAttribute("id", drawerId!);
    await expect(shell.drawerLink("Failures")).toHaveAttribute("aria-current", "page");
    for (const name of ["Overview", "Deliveries", "Failures", "Destinations", "Activity", "Settings"])
      await expect(shell.drawerLink(name)).toBeVisible();
    await expect(shell.drawer.getByRole("button", { name: "Sign out" })).toBeVisible();
    // The focus is trapped: tabbing round never reaches the page behind the drawer.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      const outside = await shell.drawer.evaluate(
        (drawer) => document.activeElement !== document.body && !drawer.contains(document.activeElement),
      );
      expect(outside, `Tab ${i + 1} left the drawer`).toBe(false);
    }

    // The open drawer passes the same accessibility check as the desktop pages.
    expect(await blockingViolations(page)).toEqual([]);

    await page.keyboard.press("Escape");
    await expect(shell.drawer).toBeHidden();
    await expect(shell.menuButton).toBeFocused();
    await expect(shell.menuButton).toHaveAttribute("aria-expanded", "false");

    // A tap beside the drawer (on the backdrop) closes it too.
    await shell.openMenu();
    await page.mouse.click(PHONE.width - 10, PHONE.height / 2);
    await expect(shell.drawer).toBeHidden();

    await shell.openMenu();
    await shell.drawerLink("Deliveries").click();
    await expect(page).toHaveURL(/\/deliveries$/);
    await expect(page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();
    await expect(shell.drawer).toBeHidden();
    await expect(shell.menuButton).toHaveAttribute("aria-expanded", "false");
    await shell.expectFitsTheScreen();
  });

  test("every page fits the screen and passes the accessibility check, and detail pages keep their values readable", async ({
    adminPage: page,
  }) => {
    // Eleven pages, each with an axe scan: on a busy 2-core machine that outgrows the default minute.
    test.slow();
    const shell = new PhoneShell(page);
    /** The first /<section>/<id> link a list shows (the table streams in after the heading). */
    const firstDetail = async (list: string, section: string) => {
      await page.goto(list);
      const detailLink = new RegExp(`^/${section}/[0-9a-f-]+$`);
      let href: string | undefined;
      await expect
        .poll(
          async () => {
            const hrefs = await page
              .locator(`main a[href^="/${section}/"]`)
              .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
            href = hrefs.find((h) => detailLink.test(h));
            return href;
          },
          { message: `a detail link on ${list}` },
        )
        .toBeTruthy();
      return href!;
    };
    for (const path of [
      "/",
      "/deliveries",
      "/failures",
      "/destinations",
      "/destinations/new",
      "/activity",
      "/settings",
    ]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      await test.step(path, async () => {
        await shell.expectFitsTheScreen();
        expect(await blockingViolations(page)).toEqual([]);
      });
    }
    for (const [list, section] of [
      ["/deliveries?status=dead", "deliveries"],
      ["/failures", "failures"],
      ["/destinations", "destinations"],
      ["/activity", "activity"],
    ] as const) {
      const href = await firstDetail(list, section);
      await page.goto(href);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      await test.step(href, async () => {
        await shell.expectFitsTheScreen();
        await shell.expectReadableDefinitions();
        expect(await blockingViolations(page)).toEqual([]);
      });
    }
  });

  test.describe("actions", () => {
    test.describe.configure({ timeout: DISPATCHING_TEST_TIMEOUT });

    test("failures on a phone: filters behind one control, the row's link in view, discard one and retry another from its page", async ({
      adminPage: page,
      api,
      receiver,
      runCron,
      db,
    }) => {
      const name = uniqueName("e2e-phone-dlq");
      const eventType = `${name}.event`;
      receiver.respond(respondWith(500, '{"error":"down"}'));
      const destination = await createDestinationViaApi(api, {
        name,
        url: receiver.url,
        event_types: [eventType],
        retry_max: 1,
      });
      await ingestEvents(
        api,
        [1, 2, 3].map((n) => ({ event_type: eventType, payload: { n } })),
      );
      await dispatchUntilSettled(db, runCron, destination.id, ["dead"]);
      const letters = await failedWebhooksOf(db, destination.id);
      expect(letters.map((l) => l.status)).toEqual(["pending", "pending", "pending"]);
      const [discarded, retried] = letters as [(typeof letters)[0], (typeof letters)[0]];
      receiver.respond(ok);

      const shell = new PhoneShell(page);
      const failures = new FailuresPage(page);
      await failures.goto({ destinationId: destination.id });
      await failures.expectTotal(3, "failed webhooks");
      await shell.expectFitsTheScreen();

      // The filters fold into one control; unfolded, they work as on a desk.
      const filters = page.getByRole("button", { name: /^Filters/ });
      await expect(failures.toolbar.getByRole("button", { name: /Status/ })).toBeHidden();
      await expect(filters).toHaveAttribute("aria-expanded", "false");
      await filters.click();
      await expect(filters).toHaveAttribute("aria-expanded", "true");
      await failures.toolbar.getByRole("button", { name: /Status/ }).click();
      const statusPanel = page.getByRole("dialog", { name: "Filter by Status" });
      await shell.expectWithinTheScreen(statusPanel);
      await statusPanel.getByRole("checkbox", { name: "Pending review" }).check();
      await page.keyboard.press("Escape");
      await expect(page).toHaveURL(/status=pending/);
      await expect(filters).toHaveText(/Filters \(2\)/);
      await failures.expectTotal(3, "failed webhooks");
      // The filtered page must be the one on screen before measuring: the unfiltered one also shows 3.
      await failures.expectSettled();

      // The table scrolls sideways inside its own box; the column that links to the row stays put.
      const link = page.getByRole("link", { name: `Dead letter ${discarded.id}, pending: open` });
      await expect(link).toBeVisible();
      const before = await link.boundingBox();
      const scrolled = await failures.table.evaluate((table) => {
        const box = table.parentElement!;
        box.scrollLeft = box.scrollWidth;
        return box.scrollLeft;
      });
      expect(scrolled, "the table is wider than the phone and scrolls in its box").toBeGreaterThan(100);
      expect((await link.boundingBox())?.x).toBe(before?.x);
      await expect(failures.table.getByRole("columnheader", { name: "Error" })).toBeInViewport();
      await shell.expectFitsTheScreen();

      // Discard one from its page.
      await link.click();
      const detail = new FailureDetailPage(page);
      await expect(detail.heading(discarded.id)).toBeVisible();
      await shell.expectFitsTheScreen();
      await shell.expectReadableDefinitions();
      await detail.discard.click();
      const confirm = page.getByRole("dialog", { name: "Discard this failed webhook?" });
      await shell.expectWithinTheScreen(confirm);
      await confirm.getByRole("button", { name: "Discard" }).click();
      await expect(confirm).toBeHidden();
      await expect(page.getByRole("status").filter({ hasText: "Discarded" })).toBeVisible();

      // Retry another from its page.
      await detail.goto(retried.id);
      await expect(detail.heading(retried.id)).toBeVisible();
      await shell.expectWithinTheScreen(detail.retry);
      await detail.retryNow();

      const after = new Map((await failedWebhooksOf(db, destination.id)).map((l) => [l.id, l]));
      expect(after.get(discarded.id)).toMatchObject({ status: "failed_permanently" });
      expect(after.get(retried.id)).toMatchObject({ status: "retried", attempt_count: 1 });
      // The retried delivery reaches the fixed receiver; the discarded one's stays dead.
      const deliveries = await dispatchUntilSettled(db, runCron, destination.id, ["delivered", "dead"]);
      const byId = new Map(deliveries.map((d) => [d.id, d.status]));
      expect(byId.get(retried.delivery_id)).toBe("delivered");
      expect(byId.get(discarded.delivery_id)).toBe("dead");
    });

    test("a delivery's page on a phone: values readable, both actions on screen, Retry now re-queues it for the fixed receiver", async ({
      adminPage: page,
      api,
      receiver,
      runCron,
      db,
    }) => {
      const { destination, delivery } = await createDeadLetter(api, receiver, runCron, db, "e2e-phone-delivery");
      const shell = new PhoneShell(page);
      const detail = new DeliveryDetailPage(page);
      await detail.goto(delivery.id);
      await expect(detail.heading()).toContainText("dead");
      await shell.expectFitsTheScreen();
      await shell.expectReadableDefinitions();
      // The delivery's id under the heading and the destination's URL fit the screen, wrapped if need be.
      await shell.expectWithinTheScreen(page.locator("main h1 + p").filter({ hasText: delivery.id }));
      await shell.expectWithinTheScreen(page.getByRole("definition").filter({ hasText: receiver.url }));

      // Both actions are on screen; a dead delivery cannot be stopped, and the button says why.
      await shell.expectWithinTheScreen(detail.markDead);
      await expect(detail.markDead).toHaveAccessibleDescription(/Only pending or failed deliveries can be stopped/);
      await shell.expectWithinTheScreen(detail.retryNow);
      // The receiver is fixed first: the re-queued delivery is due at once, and another worker's
      // cron run may send it before this test does.
      receiver.respond(ok);
      await detail.retryNow.click();
      await expect(page.getByRole("status").filter({ hasText: "Re-queued" })).toBeVisible();
      await expect(detail.heading()).toContainText(/pending|delivered/);
      expect(["pending", "delivered"]).toContain((await deliveriesOf(db, destination.id))[0]?.status);
      const [sent] = await dispatchUntilSettled(db, runCron, destination.id, ["delivered"]);
      expect(sent).toMatchObject({ id: delivery.id, status: "delivered", attempts: 1 });
      expect(receiver.requests).toHaveLength(2);
    });
  });
});

// The phone layout must leave the desk's alone: from md up the sidebar stays, and from lg up the
// detail pages' cards sit in columns with each label beside its value, even a third-width card at 1024.
test("on a desk the sidebar stays and the detail lists keep each label beside its value", async ({
  adminPage: page,
  db,
}) => {
  const { rows } = await db.query<{ delivery: string; destination: string }>(
    `SELECT d.id AS delivery, w.id AS destination FROM webhook_deliveries d
       JOIN webhook_destinations w ON w.id = d.destination_id
      WHERE d.status = 'dead' AND w.org_id = (SELECT org_id FROM users WHERE email = $1) LIMIT 1`,
    [E2E.accounts.admin.email],
  );
  const shell = new PhoneShell(page);
  for (const width of [1024, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of [`/deliveries/${rows[0]!.delivery}`, `/destinations/${rows[0]!.destination}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      await expect(shell.menuButton).toBeHidden();
      const stacked = await page
        .getByRole("term")
        .evaluateAll(
          (terms) =>
            terms.filter((dt) => dt.getBoundingClientRect().top !== dt.nextElementSibling!.getBoundingClientRect().top)
              .length,
        );
      expect(stacked, `labels above their values at ${width} px on ${path}`).toBe(0);
    }
  }
});
