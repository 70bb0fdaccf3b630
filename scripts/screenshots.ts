// npm run screenshots — refreshes docs/screenshots/ from a running Hookline (e.g. `npm start`):
// every dashboard page as the demo admin, light and dark, the failures page as a viewer, and the
// phone layout (390 × 844: overview, failures, a delivery, the menu drawer).
// SCREENSHOT_URL (default http://127.0.0.1:3000) and SEED_ADMIN_PASSWORD (the launcher prints
// it) say where and how to sign in; the demo accounts are admin@acme.test / viewer@acme.test.
// SCREENSHOT_ONLY=mobile refreshes only the files whose names start with it.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../e2e/support/chromium";

const BASE = process.env.SCREENSHOT_URL ?? "http://127.0.0.1:3000";
const PASSWORD = process.env.SEED_ADMIN_PASSWORD;
const OUT = path.resolve(import.meta.dirname, "../docs/screenshots");
const ONLY = process.env.SCREENSHOT_ONLY ?? "";
if (!PASSWORD) throw new Error("Set SEED_ADMIN_PASSWORD to the demo accounts' password (the launcher prints it).");

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function signedIn(
  browser: Browser,
  email: string,
  colorScheme: "light" | "dark",
  viewport = DESKTOP,
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: BASE,
    viewport,
    colorScheme,
    timezoneId: "UTC",
  });
  const csrf = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email, password: PASSWORD!, json: "true", callbackUrl: "/" },
    maxRedirects: 0,
  });
  if (response.status() >= 400) throw new Error(`sign-in as ${email} failed: HTTP ${response.status()}`);
  return context.newPage();
}

/** Loads a page and waits until the skeletons are gone. */
async function load(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  await page
    .getByText("Loading…")
    .first()
    .waitFor({ state: "hidden" })
    .catch(() => {});
}

/** Saves a page full length, or only its first screen (a phone's lists run to several thousand pixels). */
async function shoot(page: Page, url: string, name: string, { fullPage = true } = {}): Promise<void> {
  if (!name.startsWith(ONLY)) return;
  await load(page, url);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage });
  console.log(`  ${name}.png  ${url}`);
}

/** The first detail link a list page shows, e.g. /deliveries/<id>. */
async function firstDetail(page: Page, list: string, prefix: string): Promise<string> {
  await page.goto(list);
  await page.waitForLoadState("networkidle");
  const hrefs = await page
    .locator(`a[href^="${prefix}"]`)
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  // A detail is /<section>/<id>: not the export, "new" or a filtered list.
  const href = hrefs.find((h) => /^\/[a-z]+\/[0-9a-f-]+$/i.test(h) && !h.endsWith("/new"));
  if (!href) throw new Error(`no ${prefix}<id> link on ${list}`);
  return href;
}

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  console.log(`screenshots of ${BASE} → ${OUT}`);
  const admin = await signedIn(browser, "admin@acme.test", "light");
  await shoot(admin, "/", "overview");
  await shoot(admin, "/deliveries", "deliveries");
  await shoot(admin, "/deliveries?status=failed,dead&responseStatus=5xx", "deliveries-filtered");
  await shoot(admin, await firstDetail(admin, "/deliveries?status=dead", "/deliveries/"), "delivery-detail");
  await shoot(admin, "/failures", "failures");
  await shoot(admin, await firstDetail(admin, "/failures", "/failures/"), "failure-detail");
  await shoot(admin, "/destinations", "destinations");
  await shoot(admin, await firstDetail(admin, "/destinations", "/destinations/"), "destination-detail");
  await shoot(admin, "/destinations/new", "destination-new");
  await shoot(admin, "/activity", "activity");
  await shoot(admin, await firstDetail(admin, "/activity", "/activity/"), "activity-detail");
  await shoot(admin, "/settings?tab=users", "settings-users");
  await shoot(admin, "/settings?tab=api-keys", "settings-api-keys");
  await shoot(admin, "/settings?tab=audit", "settings-audit");
  const dark = await signedIn(browser, "admin@acme.test", "dark");
  await shoot(dark, "/", "overview-dark");
  await shoot(dark, "/deliveries", "deliveries-dark");
  const viewer = await signedIn(browser, "viewer@acme.test", "light");
  await shoot(viewer, "/failures", "failures-viewer");
  const phone = await signedIn(browser, "admin@acme.test", "light", PHONE);
  await shoot(phone, "/", "mobile-overview", { fullPage: false });
  await shoot(phone, "/failures", "mobile-failures", { fullPage: false });
  await shoot(phone, await firstDetail(phone, "/deliveries?status=dead", "/deliveries/"), "mobile-delivery", {
    fullPage: false,
  });
  if ("mobile-menu".startsWith(ONLY)) {
    await load(phone, "/failures");
    await phone.getByRole("button", { name: "Menu" }).click();
    await phone.getByRole("dialog", { name: "Menu" }).waitFor();
    await phone.screenshot({ path: path.join(OUT, "mobile-menu.png") });
    console.log("  mobile-menu.png  /failures, menu open");
  }
} finally {
  await browser.close();
}
