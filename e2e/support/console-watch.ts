import type { BrowserContext, Page } from "@playwright/test";

// HTTP errors the journeys provoke on purpose (signed out, another org's id, a role without the
// right, a limit) reach the console as "Failed to load resource"; anything else is a fault.
const EXPECTED = /^Failed to load resource: the server responded with a status of (401|403|404|409|429)\b/;

/**
 * Collects console errors, uncaught page errors and Content-Security-Policy violations of every
 * page in a context. The fixtures fail the test when the list is not empty at its end.
 */
export async function watchConsole(context: BrowserContext): Promise<() => string[]> {
  const problems: string[] = [];
  // The browser reports a violation as an event on the document, not always on the console.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`),
    );
  });
  const watch = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error" && !EXPECTED.test(message.text()))
        problems.push(`${page.url()}: console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`${page.url()}: uncaught: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return () => problems;
}
