import { ok, respondWith, verifySignature } from "../test-support/receiver";
import { test, expect } from "./fixtures";
import { DeliveriesPage, DeliveryDetailPage } from "./pages/deliveries-page";
import {
  DISPATCHING_TEST_TIMEOUT,
  createDestinationViaApi,
  deliveriesOf,
  dispatchUntilSettled,
  failedWebhooksOf,
  ingestEvents,
  uniqueName,
} from "./support/test-data";

test.describe("deliveries", () => {
  test.describe.configure({ timeout: DISPATCHING_TEST_TIMEOUT });

  test("ingested events fan out and are delivered; a failing receiver makes them retry and die; a deep link shows every attempt", async ({
    adminPage: page,
    api,
    receiver,
    runCron,
    db,
  }) => {
    const name = uniqueName("e2e-flow");
    const okType = `${name}.ok`;
    const failingType = `${name}.failing`;
    // The receiver answers 500 for the failing destination's path only.
    const failingPath = `${new URL(receiver.url).pathname}/failing`;
    const down = respondWith(500, '{"error":"receiver is down"}');
    receiver.respond((request, response) => (request.url === failingPath ? down : ok)(request, response));
    const healthy = await createDestinationViaApi(api, {
      name: `${name}-healthy`,
      url: receiver.url,
      event_types: [okType],
    });
    const failing = await createDestinationViaApi(api, {
      name: `${name}-failing`,
      url: `${receiver.url}/failing`,
      event_types: [failingType],
      retry_max: 3,
    });

    // Ingest: each event fans out to exactly the destination subscribed to its type.
    const ingested = await ingestEvents(api, [
      ...Array.from({ length: 3 }, (_, i) => ({ event_type: okType, payload: { n: i } })),
      ...Array.from({ length: 2 }, (_, i) => ({ event_type: failingType, payload: { n: i } })),
    ]);
    // (Seeded destinations that take every event type get them too; this test looks at its own two.)
    expect((await deliveriesOf(db, healthy.id)).map((d) => d.log_id).sort()).toEqual(
      ingested
        .slice(0, 3)
        .map((e) => e.id)
        .sort(),
    );
    expect((await deliveriesOf(db, failing.id)).map((d) => d.log_id).sort()).toEqual(
      ingested
        .slice(3)
        .map((e) => e.id)
        .sort(),
    );

    // The cron route runs; the healthy destination's deliveries are delivered.
    await dispatchUntilSettled(db, runCron, healthy.id, ["delivered"]);
    const deliveries = new DeliveriesPage(page);
    await deliveries.goto({ destinationId: healthy.id });
    await deliveries.expectTotal(3, "deliveries");
    const delivered = await deliveriesOf(db, healthy.id);
    await deliveries.expectRowIds(delivered.map((d) => d.id));
    for (const d of delivered)
      await expect(deliveries.row(d.id).getByRole("cell", { name: "delivered", exact: true })).toBeVisible();
    const okRequests = receiver.requests.filter((r) => r.url === new URL(receiver.url).pathname);
    expect(okRequests).toHaveLength(3);
    for (const r of okRequests) verifySignature(r, healthy.signingSecret);

    // The failing destination's deliveries retry (attempts 1, 2, 3 — retry_max) and then die.
    const dead = await dispatchUntilSettled(db, runCron, failing.id, ["dead"]);
    expect(dead.map((d) => d.attempts)).toEqual([3, 3]);
    expect(receiver.requests.filter((r) => r.url === failingPath)).toHaveLength(6);
    expect((await failedWebhooksOf(db, failing.id)).map((f) => f.status)).toEqual(["pending", "pending"]);

    // The admin finds them through a deep link with the filter in the URL.
    await deliveries.goto({ status: "dead", destinationId: failing.id });
    await deliveries.expectTotal(2, "deliveries");
    await deliveries.expectRowIds(dead.map((d) => d.id));
    await expect(deliveries.toolbar.getByRole("button", { name: /^Status/ })).toContainText("Dead");
    await expect(deliveries.toolbar.getByRole("button", { name: /^Destination/ })).toContainText(`${name}-failing`);

    // One of them: every attempt, newest first, each with the receiver's answer.
    const target = dead[0]!;
    await deliveries.openRow(target.id);
    const detail = new DeliveryDetailPage(page);
    // The heading is one sentence: event type, destination, status.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      `Delivery of ${name}.failing to ${name}-failing dead`,
    );
    await expect(detail.currentError()).toContainText("HTTP 500");
    await expect(detail.attemptsHeading(3)).toBeVisible();
    await expect(detail.attemptSummaries()).toHaveText(["Attempt 3", "Attempt 2", "Attempt 1"]);
    const attempts = await db.query<{ attempt_number: number; response_status: number; outcome: string }>(
      "SELECT attempt_number, response_status, outcome FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt_number",
      [target.id],
    );
    expect(attempts.rows).toEqual(
      [1, 2, 3].map((n) => ({ attempt_number: n, response_status: 500, outcome: "http_error" })),
    );
    // The newest attempt is open: its response body is the receiver's.
    await expect(page.getByRole("group").filter({ hasText: "Attempt 3" })).toContainText("receiver is down");
  });
});
