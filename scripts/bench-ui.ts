// npm run bench:ui — Lighthouse (12.2.3, desktop preset) against a running Hookline, signed in as
// the demo admin: performance, accessibility and best-practices scores, total blocking time, LCP
// and CLS per page, plus every console error and browser-inspector issue Lighthouse saw.
//
//   BENCH_UI_URL (default http://127.0.0.1:3000), SEED_ADMIN_PASSWORD (the launcher prints it),
//   BENCH_UI_EMAIL (default admin@acme.test), --runs N (default 1), --json FILE (raw results).
//
// Lighthouse 13 needs Node 22; 12.2.3 runs on Node 20 with the system Chromium.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig, type Flags, type Result } from "lighthouse";
import { chromiumLaunchOptions } from "../e2e/support/chromium";

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "1" }, json: { type: "string" } },
});
const BASE = (process.env.BENCH_UI_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const EMAIL = process.env.BENCH_UI_EMAIL ?? "admin@acme.test";
const PASSWORD = process.env.SEED_ADMIN_PASSWORD;
const RUNS = Math.max(1, Number(args.runs));
if (!PASSWORD) throw new Error("Set SEED_ADMIN_PASSWORD to the demo accounts' password (the launcher prints it).");

/** Cookies a response sets, as one Cookie header together with the ones already held. */
function mergeCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through next-auth's endpoints (CSRF token + credentials callback) and returns the cookies. */
async function signIn(): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  mergeCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD!, json: "true", callbackUrl: "/" }),
    redirect: "manual",
  });
  mergeCookies(jar, response);
  const session = (await (
    await fetch(`${BASE}/api/auth/session`, { headers: { cookie: cookieHeader(jar) } })
  ).json()) as { user?: { email?: string } };
  if (!session.user?.email) throw new Error(`sign-in as ${EMAIL} at ${BASE} failed (HTTP ${response.status})`);
  return cookieHeader(jar);
}

/** The first /<section>/<uuid> link a list page renders, for the detail pages. */
async function firstDetail(cookie: string, section: string): Promise<string> {
  const html = await (await fetch(`${BASE}/${section}`, { headers: { cookie } })).text();
  const match = html.match(new RegExp(`href="(/${section}/[0-9a-f-]{36})"`, "i"));
  if (!match) throw new Error(`no /${section}/<id> link on /${section}`);
  return match[1]!;
}

type PageFigures = {
  page: string;
  run: number;
  performance: number;
  accessibility: number;
  bestPractices: number;
  tbtMs: number;
  lcpMs: number;
  cls: number;
  problems: string[];
};

function figures(page: string, run: number, lhr: Result): PageFigures {
  const score = (id: string) => lhr.categories[id]?.score ?? 0;
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  const items = (id: string) =>
    ((lhr.audits[id]?.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? []) as Record<
      string,
      unknown
    >[];
  const problems = [
    ...items("errors-in-console").map((i) => `console: ${String(i.description ?? i.source ?? "").slice(0, 160)}`),
    ...items("inspector-issues").map((i) => `issue: ${String(i.issueType ?? "")}`),
  ];
  for (const [id, audit] of Object.entries(lhr.audits)) {
    const inCategory = ["accessibility", "best-practices"].some((c) =>
      lhr.categories[c]?.auditRefs.some((ref) => ref.id === id && ref.weight > 0),
    );
    if (inCategory && audit.score !== null && audit.score < 1) problems.push(`failed audit: ${id}`);
  }
  return {
    page,
    run,
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    tbtMs: numeric("total-blocking-time"),
    lcpMs: numeric("largest-contentful-paint"),
    cls: numeric("cumulative-layout-shift"),
    problems: [...new Set(problems)],
  };
}

const cookie = await signIn();
const pages = [
  "/",
  "/deliveries",
  "/failures",
  "/activity",
  "/destinations",
  await firstDetail(cookie, "destinations"),
  "/destinations/new",
  await firstDetail(cookie, "deliveries"),
  "/settings",
];

const launch = chromiumLaunchOptions();
const chrome = await chromeLauncher.launch({
  chromePath: launch.executablePath,
  chromeFlags: ["--headless=new", ...(launch.args ?? [])],
});
const results: PageFigures[] = [];
const raw: Result[] = [];
try {
  const flags: Flags = {
    port: chrome.port,
    output: "json",
    logLevel: "error",
    extraHeaders: { Cookie: cookie },
    onlyCategories: ["performance", "accessibility", "best-practices"],
  };
  console.log(`Lighthouse ${RUNS} run(s) per page, desktop preset, ${BASE} as ${EMAIL}`);
  // A warm-up load per page so the first measured run does not pay for Next's on-demand work.
  for (const page of pages) await fetch(`${BASE}${page}`, { headers: { cookie } }).then((r) => r.text());
  for (let run = 1; run <= RUNS; run++) {
    for (const page of pages) {
      const result = await lighthouse(`${BASE}${page}`, flags, desktopConfig);
      if (!result) throw new Error(`Lighthouse returned nothing for ${page}`);
      raw.push(result.lhr);
      const row = figures(page, run, result.lhr);
      results.push(row);
      const label = page.replace(/[0-9a-f-]{36}/i, "<id>");
      console.log(
        `${label.padEnd(22)} run ${run}  perf ${row.performance.toFixed(2)}  a11y ${row.accessibility.toFixed(2)}` +
          `  best ${row.bestPractices.toFixed(2)}  TBT ${Math.round(row.tbtMs)} ms  LCP ${Math.round(row.lcpMs)} ms` +
          `  CLS ${row.cls.toFixed(3)}${row.problems.length ? "" : "  clean"}`,
      );
      for (const problem of row.problems) console.log(`    ${problem}`);
    }
  }
} finally {
  chrome.kill();
}
if (args.json) writeFileSync(args.json, JSON.stringify(raw));

const worst = (pick: (r: PageFigures) => number, max = false) =>
  results.reduce((acc, r) => (max ? Math.max(acc, pick(r)) : Math.min(acc, pick(r))), max ? -Infinity : Infinity);
console.log(
  `\nworst of ${results.length}: performance ${worst((r) => r.performance).toFixed(2)} (target ≥ 0.90), ` +
    `accessibility ${worst((r) => r.accessibility).toFixed(2)} (1.00), best practices ` +
    `${worst((r) => r.bestPractices).toFixed(2)} (1.00), TBT ${Math.round(worst((r) => r.tbtMs, true))} ms (< 200), ` +
    `pages with console errors or issues: ${results.filter((r) => r.problems.some((p) => !p.startsWith("failed audit"))).length}`,
);
const load = (await import("node:os")).loadavg().map((l) => l.toFixed(2));
console.log(`load average ${load.join(" ")}`);
