import { expect, type Page } from "@playwright/test";

/** The sidebar every dashboard page shares. */
export class Shell {
  constructor(readonly page: Page) {}

  nav(name: string) {
    return this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });
  }

  async expectSignedInAs(name: string, org: string, role: string) {
    await expect(this.page.getByTestId("user-name")).toHaveText(name);
    await expect(this.page.getByTestId("org-name")).toHaveText(org);
    await expect(this.page.getByTestId("user-role")).toHaveText(role);
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
  }
}
