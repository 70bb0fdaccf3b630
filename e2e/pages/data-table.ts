import { expect, type Locator, type Page } from "@playwright/test";

/**
 * The shared table machinery (deliveries, failures): the toolbar of filters, the table with
 * its caption, sortable headers, the selection bar and keyset pagination. Everything is found
 * by role and accessible name, as a screen reader would.
 */
export class DataTablePage {
  constructor(
    readonly page: Page,
    /** The table's caption, which is its accessible name. */
    readonly caption: string,
  ) {}

  get table(): Locator {
    return this.page.getByRole("table", { name: this.caption });
  }

  get toolbar(): Locator {
    return this.page.getByRole("search", { name: "Filters" });
  }

  get pagination(): Locator {
    return this.page.getByRole("navigation", { name: "Pagination" });
  }

  /** Each row's first cell is a link to its detail page, named "<what>, <status>: open". */
  get rowLinks(): Locator {
    return this.table.getByRole("link", { name: /: open$/ });
  }

  /** The ids of the rows on this page, in display order (the last path segment of each row's link). */
  async rowIds(): Promise<string[]> {
    const hrefs = await this.rowLinks.evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    return hrefs.map((href) => href.split("/").pop() ?? "");
  }

  /** Waits until the page shows exactly these rows, in this order (the server renders after each URL change). */
  async expectRowIds(ids: string[]): Promise<void> {
    await expect.poll(() => this.rowIds(), { message: `rows of "${this.caption}"` }).toEqual(ids);
  }

  row(id: string): Locator {
    // `has` is matched inside each row, so the inner locator starts from the page, not the table.
    return this.table
      .getByRole("row")
      .filter({ has: this.page.getByRole("checkbox", { name: `Select row ${id}`, exact: true }) });
  }

  /** A row's tick box; its accessible name carries the row id. */
  rowCheckbox(id: string): Locator {
    return this.table.getByRole("checkbox", { name: `Select row ${id}`, exact: true });
  }

  sortHeader(title: string): Locator {
    return this.table.getByRole("button", { name: new RegExp(`^${title}: `) });
  }

  async sortBy(title: string): Promise<void> {
    await this.sortHeader(title).click();
  }

  /** Waits until no URL change is still being rendered (the table's box is aria-busy meanwhile). */
  async expectSettled(): Promise<void> {
    await expect(this.table.locator("..")).not.toHaveAttribute("aria-busy", "true");
  }

  /** "60 deliveries match" — the pagination's live total. */
  async expectTotal(count: number, noun: string): Promise<void> {
    await expect(this.pagination).toContainText(`${count.toLocaleString("en-US")} ${noun} match`);
  }

  get nextPage(): Locator {
    return this.pagination.getByRole("button", { name: "Next page" });
  }

  get previousPage(): Locator {
    return this.pagination.getByRole("button", { name: "Previous page" });
  }

  get firstPage(): Locator {
    return this.pagination.getByRole("button", { name: "First page" });
  }

  get pageSize(): Locator {
    return this.pagination.getByLabel("Rows per page");
  }

  /** A multi-select filter: its trigger button opens a panel named "Filter by <label>" with a checkbox per option. */
  async chooseOptions(label: string, options: string[]): Promise<void> {
    await this.toolbar.getByRole("button", { name: new RegExp(`^${label}`) }).click();
    const panel = this.page.getByRole("dialog", { name: `Filter by ${label}` });
    await expect(panel).toBeVisible();
    for (const option of options) await panel.getByRole("checkbox", { name: option, exact: true }).check();
    await this.page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
  }

  /** A text, number or combo filter box, written to the URL after a short debounce. */
  async fillFilter(label: string, value: string): Promise<void> {
    await this.filterInput(label).fill(value);
  }

  /** The filter box named `label` (search box, combo box with suggestions, or number). */
  filterInput(label: string): Locator {
    const named = { name: label, exact: true };
    return this.toolbar
      .getByRole("searchbox", named)
      .or(this.toolbar.getByRole("combobox", named))
      .or(this.toolbar.getByRole("spinbutton", named));
  }

  get selectionBar(): Locator {
    return this.page.getByRole("region", { name: "Selected rows" });
  }
}
