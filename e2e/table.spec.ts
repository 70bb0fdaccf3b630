import { readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import type pg from "pg";
import { test, expect } from "./fixtures";
import { DeliveriesPage } from "./pages/deliveries-page";
import { parseCsv } from "./support/csv";
import { ok, respondWith, type TestReceiver } from "../test-support/receiver";
import {
  DISPATCHING_TEST_TIMEOUT,
  createDestinationViaApi,
  dispatchUntil,
  ingestEvents,
  makeRetriesDue,
  uniqueName,
  type RunCron,
} from "./support/test-data";

/**
 * 60 deliveries for one fresh destination, made the real way: three ingest requests (so there
 * are three distinct creation times), a receiver that answers 500 to the events marked `fail`,
 * and cron runs. The 10 failing ones are retried once more, so they end `failed` with 2
 * attempts, while the 50 others are `delivered` after 1. Types: A (40) and B (20, 5 failing).
 */
async function sixtyDeliveries(api: APIRequestContext, receiver: TestReceiver, runCron: RunCron, db: pg.Pool) {
  const name = uniqueName("e2e-table");
  const typeA = `${name}.a`;
  const typeB = `${name}.b`;
  const rejected = respondWith(500, '{"error":"rejected"}');
  receiver.respond((request, response) => (request.body.includes('"fail":true') ? rejected : ok)(request, response));
  const destination = await createDestinationViaApi(api, {
    name,
    url: receiver.url,
    event_types: [typeA, typeB],
    retry_max: 5,
  });
  for (const [type, failEvery] of [
    [typeA, 4],
    [typeB, 4],
    [typeA, 0],
  ] as const) {
    await ingestEvents(
      api,
      Array.from({ length: 20 }, (_, i) => ({
        event_type: type,
        payload: { n: i, fail: failEvery > 0 && i % failEvery === 0 },
      })),
    );
  }
  // First attempts only (the 1 h backoff keeps the failing ones waiting)…
  await dispatchUntil(db, runCron, destination.id, (rows) => rows.every((r) => r.status !== "pending"), {
    skipBackoff: false,
  });
  // …then one retry of the failing ones, which fails again.
  await makeRetriesDue(db, destination.id);
  const rows = await dispatchUntil(
    db,
    runCron,
    destination.id,
    (rows) => rows.filter((r) => r.status === "failed").every((r) => r.attempts === 2),
    { skipBackoff: false },
  );
  expect(
    rows
      .filter((r) => r.status === "failed")
      .map((r) => r.event_type)
      .sort(),
  ).toEqual([...Array(5).fill(typeA), ...Array(5).fill(typeB)]);
  expect(rows.filter((r) => r.status === "delivered")).toHaveLength(50);
  return { name, typeA, typeB, destination, rows };
}

async function orderedIds(db: pg.Pool, destinationId: string, orderBy: string, where = "TRUE"): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT d.id FROM webhook_deliveries d JOIN activity_logs l ON l.id = d.log_id WHERE d.destination_id = $1 AND ${where} ` +
      `ORDER BY ${orderBy}`,
    [destinationId],
  );
  return rows.map((r) => r.id);
}

test.describe("deliveries table", () => {
  test.describe.configure({ timeout: DISPATCHING_TEST_TIMEOUT });

  test("pages forward and back, changes the page size and sorts, each matching the database", async ({
    adminPage: page,
    api,
    receiver,
    runCron,
    db,
  }) => {
    const { destination } = await sixtyDeliveries(api, receiver, runCron, db);
    const newest = await orderedIds(db, destination.id, "d.created_at DESC, d.id DESC");
    const table = new DeliveriesPage(page);

    await test.step("paging with 25 a page", async () => {
      await table.goto({ destinationId: destination.id, perPage: "25" });
      await table.expectTotal(60, "deliveries");
      await expect(table.pageSize).toHaveValue("25");
      await table.expectRowIds(newest.slice(0, 25));
      await expect(table.previousPage).toBeDisabled();
      await expect(table.firstPage).toBeDisabled();
      await table.nextPage.click();
      await table.expectRowIds(newest.slice(25, 50));
      await table.nextPage.click();
      await table.expectRowIds(newest.slice(50, 60));
      await expect(table.nextPage).toBeDisabled();
      await table.previousPage.click();
      await table.expectRowIds(newest.slice(25, 50));
      await table.firstPage.click();
      await table.expectRowIds(newest.slice(0, 25));
      await expect(table.firstPage).toBeDisabled();
      await expect(page).toHaveURL(/perPage=25/);
      await expect(page).not.toHaveURL(/cursor=/);
    });

    await test.step("page size", async () => {
      await table.pageSize.selectOption("100");
      await table.expectRowIds(newest);
      await expect(page).toHaveURL(/perPage=100/);
      await expect(table.nextPage).toBeDisabled();
      // 50 is the default: choosing it takes the key out of the URL.
      await table.pageSize.selectOption("50");
      await table.expectRowIds(newest.slice(0, 50));
      await expect(page).not.toHaveURL(/perPage=/);
    });

    await test.step("sorting by attempts, both ways", async () => {
      await table.sortBy("Attempts");
      await expect(page).toHaveURL(/sort=attempts\.desc/);
      await expect(table.table.getByRole("columnheader", { name: /^Attempts/ })).toHaveAttribute(
        "aria-sort",
        "descending",
      );
      const mostAttempts = await orderedIds(db, destination.id, "d.attempts DESC, d.id DESC");
      await table.expectRowIds(mostAttempts.slice(0, 50));
      // The ten twice-failed deliveries come first.
      for (const id of mostAttempts.slice(0, 10))
        await expect(table.row(id).getByRole("cell", { name: "failed", exact: true })).toBeVisible();
      await table.sortBy("Attempts");
      await expect(page).toHaveURL(/sort=attempts\.asc/);
      await expect(table.table.getByRole("columnheader", { name: /^Attempts/ })).toHaveAttribute(
        "aria-sort",
        "ascending",
      );
      await table.expectRowIds((await orderedIds(db, destination.id, "d.attempts ASC, d.id ASC")).slice(0, 50));
      // Paging keeps the sort.
      await table.nextPage.click();
      await table.expectRowIds((await orderedIds(db, destination.id, "d.attempts ASC, d.id ASC")).slice(50, 60));
      await expect(page).toHaveURL(/sort=attempts\.asc/);
    });
  });

  test("filters combine, back and forward restore each view, and the CSV export holds exactly the filtered rows", async ({
    adminPage: page,
    api,
    receiver,
    runCron,
    db,
  }) => {
    const { destination, typeB } = await sixtyDeliveries(api, receiver, runCron, db);
    const newestFirst = "d.created_at DESC, d.id DESC";
    const newest = await orderedIds(db, destination.id, newestFirst);
    const typeBOnly = await orderedIds(db, destination.id, newestFirst, `l.event_type = '${typeB}'`);
    const failedB = await orderedIds(
      db,
      destination.id,
      newestFirst,
      `d.status = 'failed' AND l.event_type = '${typeB}'`,
    );
    const failedBByAttempts = await orderedIds(
      db,
      destination.id,
      "d.attempts DESC, d.id DESC",
      `d.status = 'failed' AND l.event_type = '${typeB}'`,
    );
    expect(typeBOnly).toHaveLength(20);
    expect(failedB).toHaveLength(5);
    const table = new DeliveriesPage(page);

    // Destination (deep link) + event type (typed) + status (picked), then a sort.
    await table.goto({ destinationId: destination.id });
    await table.expectRowIds(newest.slice(0, 50));
    await table.fillFilter("Event type", typeB);
    await expect(page).toHaveURL(new RegExp(`eventType=${typeB.replace(/\./g, "\\.")}`));
    await table.expectRowIds(typeBOnly);
    await table.chooseOptions("Status", ["Failed (retrying)"]);
    await expect(page).toHaveURL(/status=failed/);
    await table.expectRowIds(failedB);
    await table.expectTotal(5, "deliveries");
    await table.sortBy("Attempts");
    await expect(page).toHaveURL(/sort=attempts\.desc/);
    await table.expectRowIds(failedBByAttempts);
    await expect(page).toHaveURL(new RegExp(`destinationId=${destination.id}`));

    // Back and forward over the picked filter and the sort (a typed filter: see the test below).
    await test.step("back and forward walk through the changes", async () => {
      await page.goBack();
      await expect(page).not.toHaveURL(/sort=/);
      await table.expectRowIds(failedB);
      await page.goBack();
      await expect(page).not.toHaveURL(/status=/);
      await table.expectRowIds(typeBOnly);
      await expect(table.toolbar.getByRole("button", { name: /^Status/ })).not.toContainText("Failed");
      await expect(table.filterInput("Event type")).toHaveValue(typeB);
      await page.goForward();
      await table.expectRowIds(failedB);
      await expect(table.toolbar.getByRole("button", { name: /^Status/ })).toContainText("Failed");
      await page.goForward();
      await expect(page).toHaveURL(/sort=attempts\.desc/);
      await table.expectRowIds(failedBByAttempts);
    });

    await test.step("CSV export of the filtered, sorted view", async () => {
      const download = await table.downloadCsv();
      expect(download.suggestedFilename()).toMatch(/^deliveries-.*\.csv$/);
      const records = parseCsv(readFileSync(await download.path(), "utf8"));
      expect(records.map((r) => r.id)).toEqual(failedBByAttempts);
      for (const r of records)
        expect(r).toMatchObject({
          status: "failed",
          event_type: typeB,
          destination_id: destination.id,
          attempts: "2",
          response_status: "500",
        });
    });
  });

  // A typed filter is written to the URL debounced. It used to send the cursor keys through nuqs'
  // per-key debounce too; when their timers flushed apart (seen under full-suite load) each flush
  // pushed a history entry, and Back after typing showed the same view. hooks/use-table-url.ts now
  // debounces only the typed key and clears a set cursor at once: one typed filter, one entry.
  test("one Back undoes a typed filter, also from a later page", async ({ adminPage: page, api, receiver, db }) => {
    // URL history needs rows, not outcomes: 40 deliveries straight from ingest (30 of type A, then
    // 10 of type B), never dispatched by this test. Another worker's cron run may deliver them
    // meanwhile; that changes their status, not their order.
    const name = uniqueName("e2e-history");
    const [typeA, typeB] = [`${name}.a`, `${name}.b`];
    receiver.respond(ok);
    const destination = await createDestinationViaApi(api, { name, url: receiver.url, event_types: [typeA, typeB] });
    await ingestEvents(
      api,
      Array.from({ length: 30 }, (_, i) => ({ event_type: typeA, payload: { n: i } })),
    );
    await ingestEvents(
      api,
      Array.from({ length: 10 }, (_, i) => ({ event_type: typeB, payload: { n: i } })),
    );
    const newestFirst = "d.created_at DESC, d.id DESC";
    const newest = await orderedIds(db, destination.id, newestFirst);
    const typeBOnly = await orderedIds(db, destination.id, newestFirst, `l.event_type = '${typeB}'`);
    expect([newest.length, typeBOnly.length]).toEqual([40, 10]);
    const table = new DeliveriesPage(page);
    const historyLength = () => page.evaluate(() => window.history.length);
    await table.goto({ destinationId: destination.id });
    await table.expectRowIds(newest.slice(0, 50));

    await test.step("typing a filter adds exactly one history entry", async () => {
      const before = await historyLength();
      await table.fillFilter("Event type", typeB);
      await expect(page).toHaveURL(/eventType=/);
      await table.expectRowIds(typeBOnly);
      expect(await historyLength()).toBe(before + 1);
    });

    await test.step("Back and Forward over a typed filter, three times", async () => {
      for (let round = 0; round < 3; round++) {
        await page.goBack();
        await expect(page).not.toHaveURL(/eventType=/);
        await table.expectRowIds(newest.slice(0, 50));
        await expect(table.filterInput("Event type")).toHaveValue("");
        await page.goForward();
        await expect(page).toHaveURL(/eventType=/);
        await table.expectRowIds(typeBOnly);
        await table.fillFilter("Event type", "");
        await expect(page).not.toHaveURL(/eventType=/);
        await table.expectRowIds(newest.slice(0, 50));
        await table.fillFilter("Event type", typeB);
        await expect(page).toHaveURL(/eventType=/);
        await table.expectRowIds(typeBOnly);
      }
    });

    await test.step("from the second page: the cursor goes at once, the typed filter is one entry", async () => {
      await table.goto({ destinationId: destination.id, perPage: "25" });
      await table.nextPage.click();
      await expect(page).toHaveURL(/cursor=/);
      await table.expectRowIds(newest.slice(25, 40));
      const before = await historyLength();
      await table.fillFilter("Event type", typeB);
      await expect(page).toHaveURL(/eventType=/);
      await expect(page).not.toHaveURL(/cursor=/);
      await table.expectRowIds(typeBOnly);
      expect(await historyLength()).toBe(before + 1);
      // The second page's entry became the first page of the old filter: a keyset cursor only
      // means something for the filter it was taken under.
      await page.goBack();
      await expect(page).not.toHaveURL(/eventType=|cursor=/);
      await table.expectRowIds(newest.slice(0, 25));
    });
  });
});
