import { expect, type Page } from "@playwright/test";

/** The dashboard's answer to an id that does not exist or belongs to another organisation. */
export class NotFoundPage {
  constructor(readonly page: Page) {}

  /**
   * Opens `url` and expects a real not-found: HTTP 404 (the check runs before the response
   * starts), an h1 "Not found", the reason, and a link back to the section the address is in.
   */
  async expectAt(url: string, back: { name: string; href: string }): Promise<void> {
    const response = await this.page.goto(url);
    expect(response?.status(), `${url} answers 404`).toBe(404);
    await expect(this.page.getByRole("heading", { level: 1, name: "Not found", exact: true }), url).toBeVisible();
    await expect(this.page.getByText("It does not exist, or it belongs to another organisation."), url).toBeVisible();
    await expect(this.page.getByRole("main").getByRole("link", { name: back.name, exact: true }), url).toHaveAttribute(
      "href",
      back.href,
    );
  }
}
