import { expect, type Page } from "@playwright/test";

export class LoginPage {
  constructor(readonly page: Page) {}

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    // Each submit is one round trip to next-auth; waiting for it keeps repeated attempts apart.
    const answered = this.page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await answered;
  }

  async expectError(text: string | RegExp) {
    await expect(this.page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText(text);
  }
}
