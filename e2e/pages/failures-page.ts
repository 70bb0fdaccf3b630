import { expect, type Locator, type Page } from "@playwright/test";
import { DataTablePage } from "./data-table";

/** `/failures`: the dead-letter queue (failed_webhooks) with bulk retry and discard. */
export class FailuresPage extends DataTablePage {
  constructor(page: Page) {
    super(page, "Failed webhooks (dead letters)");
  }

  /** Opens the table with URL state, e.g. `{ destination: id, status: "pending" }`. */
  async goto(query: Record<string, string> = {}): Promise<void> {
    const search = new URLSearchParams(query).toString();
    await this.page.goto(`/failures${search ? `?${search}` : ""}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Failures" })).toBeVisible();
    await expect(this.table).toBeVisible();
  }

  get retryAll(): Locator {
    return this.page.getByRole("button", { name: "Retry all…" });
  }

  get discardAll(): Locator {
    return this.page.getByRole("button", { name: "Discard all…" });
  }

  /** The bulk confirmation ("Retry failed webhooks" / "Discard failed webhooks"), which states the count. */
  bulkDialog(title: "Retry failed webhooks" | "Discard failed webhooks"): Locator {
    return this.page.getByRole("dialog", { name: title });
  }
}

/** `/failures/<id>`: one dead letter with its stored payload and links. */
export class FailureDetailPage {
  constructor(readonly page: Page) {}

  async goto(id: string): Promise<void> {
    await this.page.goto(`/failures/${id}`);
  }

  heading(id: string): Locator {
    return this.page.getByRole("heading", { level: 1, name: new RegExp(`Failed webhook #${id}\\b`) });
  }

  get retry(): Locator {
    return this.page.getByRole("button", { name: "Retry", exact: true });
  }

  get discard(): Locator {
    return this.page.getByRole("button", { name: "Discard", exact: true });
  }

  /** Retry re-queues the delivery at once (no confirmation) and says so in a toast. */
  async retryNow(): Promise<void> {
    await this.retry.click();
    await expect(
      this.page.getByRole("status").filter({ hasText: "Retried: the delivery is queued again" }),
    ).toBeVisible();
  }

  /** Discard asks first. */
  async discardConfirmed(): Promise<void> {
    await this.discard.click();
    const dialog = this.page.getByRole("dialog", { name: "Discard this failed webhook?" });
    await dialog.getByRole("button", { name: "Discard" }).click();
    await expect(dialog).toBeHidden();
  }

  /** "Retried from review: N times". */
  reviewRetries(): Locator {
    return this.page.getByRole("definition").filter({ hasText: /^\d+ times?$/ });
  }
}
