import { rm } from "node:fs/promises";
import { test as base, expect, request, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import type pg from "pg";
import { authFile } from "./support/auth-files";
import { watchConsole } from "./support/console-watch";
import { openDatabase } from "./support/database";
import { E2E, type E2ERole } from "./support/env";
import { startReceiver, type TestReceiver } from "../test-support/receiver";

interface Fixtures {
  /** Pages already signed in (storage state from auth.setup.ts), one per role. */
  adminPage: Page;
  leadPage: Page;
  viewerPage: Page;
  otherOrgPage: Page;
  /** A real webhook receiver on 127.0.0.1 that records what arrives. */
  receiver: TestReceiver;
  /** The management API, authenticated with the seeded Acme key. */
  api: APIRequestContext;
  /** Runs the cron dispatch route once and returns its counts. */
  runCron: () => Promise<{ claimed: number; delivered: number; failed: number; dead: number; durationMs: number }>;
}

interface WorkerFixtures {
  /** The app's database, for asserting what the UI did. */
  db: pg.Pool;
}

/**
 * Playwright's `video` option records only its own `context`/`page` fixtures; these signed-in
 * pages have contexts of their own (a test may hold several roles at once), so they record
 * themselves when the project asks for video, and keep the file as the config says: attached
 * to a failed test for "retain-on-failure", always for "on".
 */
function videoMode(testInfo: TestInfo): string {
  const video = testInfo.project.use.video;
  return typeof video === "string" ? video : (video?.mode ?? "off");
}

function rolePage(role: E2ERole) {
  return async (
    { browser }: { browser: import("@playwright/test").Browser },
    use: (page: Page) => Promise<void>,
    testInfo: TestInfo,
  ) => {
    const mode = videoMode(testInfo);
    const record = mode === "on" || mode === "retain-on-failure";
    const context = await browser.newContext({
      storageState: authFile(role),
      ...(record ? { recordVideo: { dir: testInfo.outputPath(`video-${role}`) } } : {}),
    });
    const problems = await watchConsole(context);
    const page = await context.newPage();
    await use(page);
    const video = page.video();
    await context.close();
    expect(problems(), `console errors or CSP violations on ${role}'s pages`).toEqual([]);
    if (!video) return;
    const file = await video.path();
    // attach() copies the file into the test's attachments, so the recording itself can go.
    if (mode === "on" || testInfo.status !== testInfo.expectedStatus)
      await testInfo.attach(`video (${role})`, { path: file, contentType: "video/webm" });
    await rm(file, { force: true });
  };
}

/**
 * Against a deployment (E2E_BASE_URL) only @readonly tests run, and they may not reach into the
 * deployment's database or dispatch its queue: a test that asks for one of these fixtures there
 * fails at once with this, instead of with a confusing connection error.
 */
function notAgainstADeployment(fixture: string, why: string): void {
  if (E2E.external)
    throw new Error(
      `The "${fixture}" fixture is not available against a deployment (E2E_BASE_URL): ${why}. A test that uses it must not be ` +
        `tagged @readonly.`,
    );
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  // Playwright's own page too: every page a journey visits must be free of console errors.
  page: async ({ page }, use) => {
    const problems = await watchConsole(page.context());
    await use(page);
    expect(problems(), "console errors or CSP violations").toEqual([]);
  },
  adminPage: rolePage("admin"),
  leadPage: rolePage("lead"),
  viewerPage: rolePage("viewer"),
  otherOrgPage: rolePage("otherOrgAdmin"),
  receiver: async ({}, use) => {
    const receiver = await startReceiver();
    await use(receiver);
    await receiver.close();
  },
  api: async ({}, use) => {
    if (E2E.external && (!process.env.E2E_API_KEY || !process.env.E2E_MANAGE_API_KEY))
      throw new Error(
        'The "api" fixture needs E2E_API_KEY and E2E_MANAGE_API_KEY (API keys of the first organisation with the ingest ' +
          "and the manage scope) against a deployment.",
      );
    // The management API needs the manage scope; ingestEvents sends the ingest key itself.
    const context = await request.newContext({
      baseURL: E2E.baseUrl,
      extraHTTPHeaders: { authorization: `Bearer ${E2E.manageApiKey}` },
    });
    await use(context);
    await context.dispose();
  },
  runCron: async ({ request: req }, use) => {
    notAgainstADeployment("runCron", "the deployment's queue is dispatched by the deployment");
    await use(async () => {
      const response = await req.post("/api/cron/dispatch", { headers: { authorization: `Bearer ${E2E.cronSecret}` } });
      expect(response.status()).toBe(200);
      return response.json();
    });
  },
  db: [
    async ({}, use) => {
      notAgainstADeployment("db", "the suite does not connect to a deployment's database");
      const pool = openDatabase();
      await use(pool);
      await pool.end();
    },
    { scope: "worker" },
  ],
});

export { expect, E2E };
