import { existsSync } from "node:fs";

/**
 * How to launch Chromium here: the distribution's (`CHROMIUM_PATH`, default /usr/bin/chromium)
 * when present, since Playwright cannot download its own on these machines, else Playwright's.
 * Shared by playwright.config.ts and scripts/screenshots.ts.
 */
export function chromiumLaunchOptions(): { executablePath?: string; args?: string[] } {
  const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(chromium)) return {};
  return {
    executablePath: chromium,
    // This machine has no outbound network: without these, Chromium retries Google services.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  };
}
