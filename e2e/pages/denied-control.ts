import { expect, type Locator } from "@playwright/test";

/**
 * A control the user's role may not use: it stays visible and focusable but is marked
 * aria-disabled, and the reason is both its tooltip (title) and its accessible description,
 * so sighted, keyboard and screen-reader users all learn why.
 */
export async function expectDeniedWithReason(control: Locator, reason: string): Promise<void> {
  await expect(control).toBeVisible();
  await expect(control).toHaveAttribute("aria-disabled", "true");
  await expect(control).toHaveAttribute("title", reason);
  await expect(control).toHaveAccessibleDescription(reason);
}
