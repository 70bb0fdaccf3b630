import { expect, request, test as setup } from "@playwright/test";
import { E2E } from "./support/env";

/**
 * The demo seed leaves a few hundred deliveries due (pending, never attempted). Whichever test
 * ran the cron route first would send them all — one or two full dispatch budgets (10 s each)
 * inside that test's time. Draining them here once keeps each test's cron runs down to its
 * own rows plus the seed's occasional retries.
 */
setup("drain the seeded dispatch backlog", async () => {
  setup.skip(E2E.external, "a deployment's queue is not this suite's to dispatch");
  const context = await request.newContext({
    baseURL: E2E.baseUrl,
    extraHTTPHeaders: { authorization: `Bearer ${E2E.cronSecret}` },
  });
  // A run that stops before its budget ends found nothing more due: the backlog is drained.
  await expect
    .poll(
      async () => {
        const response = await context.post("/api/cron/dispatch", { timeout: 60_000 });
        expect(response.status()).toBe(200);
        return ((await response.json()) as { durationMs: number }).durationMs;
      },
      { timeout: 50_000, intervals: [0] },
    )
    .toBeLessThan(8_000);
  await context.dispose();
});
