import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/support/env";
import { chromiumLaunchOptions } from "./e2e/support/chromium";
import { ensureVideoRecorder } from "./e2e/support/ffmpeg";

const external = Boolean(process.env.E2E_BASE_URL);
// Video needs an ffmpeg: Playwright's own (`npx playwright install ffmpeg`) or the system's
// (see e2e/support/ffmpeg.ts); without one, traces (with their screencast) and screenshots
// are still kept.
const hasFfmpeg = ensureVideoRecorder();
const launchOptions = chromiumLaunchOptions();

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: E2E.baseUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    video: hasFfmpeg ? "retain-on-failure" : "off",
    launchOptions,
  },
  projects: [
    { name: "setup", testMatch: /\.setup\.ts$/ },
    // Against a deployment only tests tagged @readonly run: they create nothing and need no database
    // handle. The filter is the project's, not the config's, so the sign-in setup still runs there.
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions },
      dependencies: ["setup"],
      grep: external ? /@readonly/ : undefined,
    },
  ],
  webServer: external
    ? undefined
    : {
        command: "npx tsx scripts/start.ts",
        url: `${E2E.baseUrl}/login`,
        timeout: 300_000,
        reuseExistingServer: false,
        stdout: "pipe",
        stderr: "pipe",
        gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
        env: {
          DATA_DIR: E2E.dataDir,
          PORT: String(E2E.port),
          HOSTNAME: "127.0.0.1",
          NEXTAUTH_URL: E2E.baseUrl,
          SEED_ADMIN_PASSWORD: E2E.password,
          SEED_API_KEY: E2E.apiKey,
          SEED_MANAGE_API_KEY: E2E.manageApiKey,
          CRON_SECRET: E2E.cronSecret,
          DISPATCH_IN_PROCESS: "false",
          DEMO_MODE: "true",
          ALLOW_PRIVATE_DESTINATIONS: "true",
          LOGIN_RATE_LIMIT_PER_EMAIL: "5",
          LOGIN_RATE_LIMIT_PER_IP: "10000",
          NEXT_TELEMETRY_DISABLED: "1",
          // The server's lines are interleaved with the reporter's ([WebServer]); by default only
          // errors, since the journeys make receivers fail on purpose (warn per failed attempt).
          LOG_LEVEL: process.env.E2E_LOG_LEVEL || "error",
          DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
          // With a given database nothing is generated (README, "Running it in production").
          ...(process.env.E2E_DATABASE_URL
            ? {
                NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-nextauth-secret",
                APP_ENCRYPTION_KEY: process.env.APP_ENCRYPTION_KEY ?? Buffer.alloc(32, 5).toString("base64"),
              }
            : {}),
        },
      },
});
