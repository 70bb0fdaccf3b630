import type { APIRequestContext, Request } from "@playwright/test";
import { test, expect, E2E } from "./fixtures";
import { DeliveriesPage, DeliveryDetailPage } from "./pages/deliveries-page";
import { expectDeniedWithReason } from "./pages/denied-control";
import { DestinationDetailPage, DestinationsPage } from "./pages/destinations-page";
import { FailureDetailPage, FailuresPage } from "./pages/failures-page";
import { DISPATCHING_TEST_TIMEOUT, createDeadLetter, failedWebhooksOf } from "./support/test-data";

const ADMINS_ONLY = "Only admins can do this";
const LEADS_AND_ADMINS = "Only lead and admin roles can do this";

test.describe("viewer", () => {
  test.describe.configure({ timeout: DISPATCHING_TEST_TIMEOUT });

  test("the lists show the viewer every action disabled with the reason @readonly", async ({ viewerPage: page }) => {
    const deliveries = new DeliveriesPage(page);
    await deliveries.goto();
    await expectDeniedWithReason(deliveries.retryAllButton(), ADMINS_ONLY);
    await expectDeniedWithReason(deliveries.cancelAllButton(), ADMINS_ONLY);

    const failures = new FailuresPage(page);
    await failures.goto();
    await expectDeniedWithReason(failures.retryAll, ADMINS_ONLY);
    await expectDeniedWithReason(failures.discardAll, ADMINS_ONLY);

    const destinations = new DestinationsPage(page);
    await destinations.goto();
    await expect(destinations.newDestination).toHaveCount(0);
    await expect(page.getByText(`${LEADS_AND_ADMINS}: you can look, not change.`)).toBeVisible();
  });

  test("a delivery, a dead letter and a destination are read-only for the viewer, with the reason on each control", async ({
    viewerPage: page,
    api,
    receiver,
    runCron,
    db,
  }) => {
    const { destination, delivery, letter } = await createDeadLetter(api, receiver, runCron, db, "e2e-viewer-ro");

    // The table: ticking a row offers the bulk actions, disabled.
    const deliveries = new DeliveriesPage(page);
    await deliveries.goto({ destinationId: destination.id });
    await deliveries.expectRowIds([delivery.id]);
    await deliveries.rowCheckbox(delivery.id).check();
    await expectDeniedWithReason(deliveries.selectionBar.getByRole("button", { name: "Retry selected" }), ADMINS_ONLY);
    await expectDeniedWithReason(
      deliveries.selectionBar.getByRole("button", { name: "Mark selected dead" }),
      ADMINS_ONLY,
    );

    const deliveryDetail = new DeliveryDetailPage(page);
    await deliveryDetail.goto(delivery.id);
    await expect(deliveryDetail.attemptsHeading(1)).toBeVisible();
    await expectDeniedWithReason(deliveryDetail.retryNow, ADMINS_ONLY);
    await expectDeniedWithReason(deliveryDetail.markDead, ADMINS_ONLY);

    const failureDetail = new FailureDetailPage(page);
    await failureDetail.goto(letter.id);
    await expect(failureDetail.heading(letter.id)).toBeVisible();
    await expectDeniedWithReason(failureDetail.retry, ADMINS_ONLY);
    await expectDeniedWithReason(failureDetail.discard, ADMINS_ONLY);

    const destinationDetail = new DestinationDetailPage(page);
    await destinationDetail.goto(destination.id);
    for (const control of [
      destinationDetail.sendTestEvent,
      destinationDetail.disable,
      destinationDetail.delete,
      destinationDetail.rotate,
    ]) {
      await expectDeniedWithReason(control, LEADS_AND_ADMINS);
    }
    await expectDeniedWithReason(destinationDetail.reveal, ADMINS_ONLY);
    await expect(page.getByText(`${LEADS_AND_ADMINS}: the settings are read-only for you.`)).toBeVisible();
    for (const label of ["Name", "URL", "Retry max"] as const)
      await expect(destinationDetail.form.field(label)).toBeDisabled();
    await expectDeniedWithReason(destinationDetail.form.save, LEADS_AND_ADMINS);

    // Nothing changed.
    expect((await failedWebhooksOf(db, destination.id)).map((l) => l.status)).toEqual(["pending"]);
  });

  test("a replayed server action is refused for a viewer and for a foreign Origin, and works for the admin from the app's origin", async ({
    adminPage,
    viewerPage,
    api,
    receiver,
    runCron,
    db,
  }) => {
    const { letter } = await createDeadLetter(api, receiver, runCron, db, "e2e-viewer-action");
    const letterStatus = async () =>
      (
        await db.query<{ status: string }>("SELECT status::text AS status FROM failed_webhooks WHERE id = $1", [
          letter.id,
        ])
      ).rows[0]!.status;

    // A real server-action request: the admin discards the dead letter in the browser.
    const actions: Request[] = [];
    adminPage.on("request", (request) => {
      if (request.method() === "POST" && request.headers()["next-action"]) actions.push(request);
    });
    const detail = new FailureDetailPage(adminPage);
    await detail.goto(letter.id);
    await detail.discardConfirmed();
    await expect.poll(letterStatus).toBe("failed_permanently");
    const discard = actions.find((r) => r.postData()?.includes(letter.id));
    expect(discard, "the discard went through a server action").toBeDefined();
    const actionId = discard!.headers()["next-action"]!;
    const body = discard!.postData()!;
    const replay = (context: APIRequestContext, origin: string) =>
      context.post(discard!.url(), {
        headers: {
          "next-action": actionId,
          "content-type": discard!.headers()["content-type"] ?? "text/plain;charset=UTF-8",
          accept: "text/x-component",
          origin,
        },
        data: body,
      });

    // Back to pending, so each replay below would change it again if it were allowed.
    await db.query("UPDATE failed_webhooks SET status = 'pending' WHERE id = $1", [letter.id]);
    const audits = async () =>
      (
        await db.query("SELECT 1 FROM audit_logs WHERE action = 'failed_webhooks.discarded' AND target_id = $1", [
          letter.id,
        ])
      ).rowCount ?? 0;
    const auditsBefore = await audits();

    // The viewer replays the admin's exact request (same action id and body) from the app's own origin: Forbidden.
    const asViewer = await replay(viewerPage.request, E2E.baseUrl);
    expect(await asViewer.text()).toContain("Your role does not allow this");
    expect(await letterStatus()).toBe("pending");
    expect(await audits()).toBe(auditsBefore);

    // The admin's own session, but from a foreign page: Next refuses the action before running it.
    const crossSite = await replay(adminPage.request, "https://evil.example");
    expect(crossSite.status()).toBe(500);
    expect(await crossSite.text()).not.toContain('"ok":true');
    expect(await letterStatus()).toBe("pending");
    expect(await audits()).toBe(auditsBefore);

    // The same replay from the app's origin works: the check above is the Origin check, nothing else.
    const sameSite = await replay(adminPage.request, E2E.baseUrl);
    expect(sameSite.status()).toBe(200);
    expect(await sameSite.text()).toContain('"ok":true');
    expect(await letterStatus()).toBe("failed_permanently");
    expect(await audits()).toBe(auditsBefore + 1);
  });
});
