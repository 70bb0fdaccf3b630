import { expect, type Locator, type Page } from "@playwright/test";

/** A common phone's screen (CSS pixels): below the md breakpoint, so the console's phone layout. */
export const PHONE = { width: 390, height: 844 } as const;

/** The shell below md: a header with a menu button that opens the navigation in a drawer. */
export class PhoneShell {
  constructor(readonly page: Page) {}

  get menuButton(): Locator {
    return this.page.getByRole("button", { name: "Menu" });
  }

  get drawer(): Locator {
    return this.page.getByRole("dialog", { name: "Menu" });
  }

  drawerLink(name: string): Locator {
    return this.drawer.getByRole("navigation", { name: "Main" }).getByRole("link", { name });
  }

  async openMenu(): Promise<void> {
    await this.menuButton.click();
    await expect(this.drawer).toBeVisible();
  }

  /**
   * `<main>` spans the screen and nothing is wider than it: the page never scrolls sideways
   * (a table may, inside its own box).
   */
  async expectFitsTheScreen(): Promise<void> {
    const main = await this.page.locator("main").boundingBox();
    expect(main?.x).toBe(0);
    expect(main?.width).toBe(PHONE.width);
    const widths = await this.page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      screen: window.innerWidth,
    }));
    expect(widths, "the page scrolls sideways").toEqual({
      document: PHONE.width,
      body: PHONE.width,
      screen: PHONE.width,
    });
  }

  /**
   * Every value of the page's key–value lists has room to be read: none is squeezed to a few
   * characters per line ("5 / o / f / 5"), whether it sits beside its label or below it.
   */
  async expectReadableDefinitions(): Promise<void> {
    const widths = await this.page
      .getByRole("definition")
      .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThan(0);
    expect(Math.min(...widths)).toBeGreaterThan(150);
  }

  /** The element is on screen horizontally, within the phone's width. */
  async expectWithinTheScreen(locator: Locator): Promise<void> {
    const box = await locator.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
  }
}
