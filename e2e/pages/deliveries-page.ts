import { expect, type Download, type Locator, type Page } from "@playwright/test";
import { DataTablePage } from "./data-table";

/** `/deliveries`: the filtered, keyset-paged table of every delivery. */
export class DeliveriesPage extends DataTablePage {
  constructor(page: Page) {
    super(page, "Deliveries");
  }

  /** Opens the table with URL state, e.g. `{ status: "dead", destinationId: id }` — a deep link. */
  async goto(query: Record<string, string> = {}): Promise<void> {
    const search = new URLSearchParams(query).toString();
    await this.page.goto(`/deliveries${search ? `?${search}` : ""}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();
    await expect(this.table).toBeVisible();
  }

  async openRow(id: string): Promise<void> {
    await this.row(id)
      .getByRole("link", { name: /: open$/ })
      .click();
    await expect(this.page).toHaveURL(new RegExp(`/deliveries/${id}$`));
  }

  retryAllButton(): Locator {
    return this.page.getByRole("button", { name: "Retry all…" });
  }

  cancelAllButton(): Locator {
    return this.page.getByRole("button", { name: "Cancel all…" });
  }

  /** Export → "Download CSV": the browser download of the filtered view. */
  async downloadCsv(): Promise<Download> {
    await this.toolbar.getByRole("button", { name: "Export" }).click();
    const panel = this.page.getByRole("dialog", { name: "Export" });
    const downloading = this.page.waitForEvent("download");
    await panel.getByRole("link", { name: "Download CSV" }).click();
    return downloading;
  }
}

/** `/deliveries/<id>`: one delivery with its event, destination and every attempt. */
export class DeliveryDetailPage {
  constructor(readonly page: Page) {}

  async goto(id: string): Promise<void> {
    await this.page.goto(`/deliveries/${id}`);
  }

  /** The h1, one sentence: "Delivery of order.created to Acme CRM dead" (event, destination, status). */
  heading(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  async expectHeading(eventType: string, destinationName: string, status: string): Promise<void> {
    await expect(this.heading()).toHaveText(`Delivery of ${eventType} to ${destinationName} ${status}`);
  }

  /** The card "Attempts · N" lists one disclosure per HTTP attempt, newest first and open. */
  attemptsHeading(count: number): Locator {
    return this.page.getByRole("heading", { name: `Attempts · ${count}` });
  }

  attemptSummaries(): Locator {
    return this.page.getByText(/^Attempt \d+$/);
  }

  currentError(): Locator {
    return this.page.getByRole("alert").filter({ hasText: "Current error:" });
  }

  get retryNow(): Locator {
    return this.page.getByRole("button", { name: "Retry now" });
  }

  get markDead(): Locator {
    return this.page.getByRole("button", { name: "Mark dead" });
  }
}
