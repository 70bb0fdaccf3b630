import { ok, respondWith } from "../test-support/receiver";
import { test, expect } from "./fixtures";
import { FailureDetailPage, FailuresPage } from "./pages/failures-page";
import {
  DISPATCHING_TEST_TIMEOUT,
  createDestinationViaApi,
  deliveriesOf,
  dispatchUntilSettled,
  failedWebhooksOf,
  ingestEvents,
  uniqueName,
} from "./support/test-data";

test.describe("failures", () => {
  test.describe.configure({ timeout: DISPATCHING_TEST_TIMEOUT });

  test("the admin discards a dead letter, retries one, retries all matching a filter; the receiver fixed, they are delivered", async ({
    adminPage: page,
    api,
    receiver,
    runCron,
    db,
  }) => {
    const name = uniqueName("e2e-dlq");
    const eventType = `${name}.event`;
    receiver.respond(respondWith(500, '{"error":"down for maintenance"}'));
    // retry_max 1: the first failed attempt is final, so five events make five dead letters at once.
    const destination = await createDestinationViaApi(api, {
      name,
      url: receiver.url,
      event_types: [eventType],
      retry_max: 1,
    });
    await ingestEvents(
      api,
      Array.from({ length: 5 }, (_, i) => ({ event_type: eventType, payload: { n: i } })),
    );
    await dispatchUntilSettled(db, runCron, destination.id, ["dead"]);
    const letters = await failedWebhooksOf(db, destination.id);
    expect(letters.map((l) => [l.status, l.attempt_count])).toEqual(Array.from({ length: 5 }, () => ["pending", 0]));
    const [discarded, retriedAlone, ...rest] = letters as [(typeof letters)[0], (typeof letters)[0], ...typeof letters];

    const failures = new FailuresPage(page);
    await failures.goto({ destinationId: destination.id });
    await failures.expectTotal(5, "failed webhooks");
    await expect.poll(async () => (await failures.rowIds()).sort()).toEqual(letters.map((l) => l.id).sort());

    // The receiver is fixed before anything is re-queued: a re-queued delivery is due at once,
    // and another worker's cron run could otherwise send it to the still-failing receiver.
    receiver.respond(ok);

    // Discard one, from its page, with a confirmation.
    await page.getByRole("link", { name: `Dead letter ${discarded.id}, pending: open` }).click();
    const detail = new FailureDetailPage(page);
    await expect(detail.heading(discarded.id)).toBeVisible();
    await detail.discardConfirmed();
    await expect(page.getByRole("status").filter({ hasText: "Discarded" })).toBeVisible();
    await expect(detail.discard).toHaveAccessibleDescription(/Only rows pending review can be discarded/);

    // Retry another one from its page.
    await detail.goto(retriedAlone.id);
    await detail.retryNow();
    await expect(detail.retry).toHaveAccessibleDescription("Already retried: its delivery is queued");
    await expect(detail.reviewRetries()).toHaveText("1 time");

    const afterSingles = new Map((await failedWebhooksOf(db, destination.id)).map((l) => [l.id, l]));
    expect(afterSingles.get(discarded.id)).toMatchObject({ status: "failed_permanently", attempt_count: 0 });
    expect(afterSingles.get(retriedAlone.id)).toMatchObject({ status: "retried", attempt_count: 1 });

    // Retry everything still pending review for this destination: the confirmation states the count.
    await failures.goto({ destinationId: destination.id, status: "pending" });
    await failures.expectTotal(3, "failed webhooks");
    await failures.retryAll.click();
    const dialog = failures.bulkDialog("Retry failed webhooks");
    await expect(dialog).toContainText("Retry all 3 pending or discarded rows matching the filter?");
    await dialog.getByRole("button", { name: "Retry 3" }).click();
    await expect(dialog).toBeHidden();
    await expect(
      page.getByRole("status").filter({ hasText: "Retried 3: their deliveries are queued again" }),
    ).toBeVisible();
    await failures.expectTotal(0, "failed webhooks");

    // The dispatcher sends the four re-queued deliveries; the discarded one's stays dead.
    await dispatchUntilSettled(db, runCron, destination.id, ["delivered", "dead"]);
    const byLetter = new Map((await failedWebhooksOf(db, destination.id)).map((l) => [l.id, l]));
    const deliveries = new Map((await deliveriesOf(db, destination.id)).map((d) => [d.id, d]));
    expect(byLetter.get(discarded.id)).toMatchObject({ status: "failed_permanently", attempt_count: 0 });
    expect(deliveries.get(discarded.delivery_id)).toMatchObject({ status: "dead", attempts: 1 });
    for (const letter of [retriedAlone, ...rest]) {
      expect(byLetter.get(letter.id)).toMatchObject({ status: "retried", attempt_count: 1 });
      // Attempts were reset by the retry; the one successful send counts as the first.
      expect(deliveries.get(letter.delivery_id)).toMatchObject({ status: "delivered", attempts: 1 });
    }
    expect(receiver.requests).toHaveLength(5 + 4);

    // The view agrees: four retried, one discarded.
    await failures.goto({ destinationId: destination.id, status: "retried" });
    await failures.expectTotal(4, "failed webhooks");
    await failures.goto({ destinationId: destination.id, status: "failed_permanently" });
    await failures.expectRowIds([discarded.id]);
  });
});
