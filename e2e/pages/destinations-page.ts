import { expect, type Locator, type Page } from "@playwright/test";

/** A dialog that shows a secret once ("Copy it now: it will not be shown again"): reads it, then closes it. */
async function readSecretOnce(page: Page, title: string): Promise<string> {
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription("Copy it now: it will not be shown again.");
  const secret = (
    await dialog
      .getByRole("code")
      .filter({ hasText: /^whsec_/ })
      .textContent()
  )?.trim();
  expect(secret, `a whsec_ secret in "${title}"`).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
  await dialog.getByRole("button", { name: "I have copied it" }).click();
  await expect(dialog).toBeHidden();
  return secret!;
}

/** `/destinations`: the list with each destination's last 24 hours. */
export class DestinationsPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/destinations");
    await expect(this.page.getByRole("heading", { level: 1, name: "Destinations" })).toBeVisible();
  }

  get table(): Locator {
    return this.page.getByRole("table", { name: "Destinations with their last 24 hours" });
  }

  get newDestination(): Locator {
    return this.page.getByRole("link", { name: "New destination" });
  }

  row(name: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }
}

/** The create / edit form (`/destinations/new`, and the Settings card of `/destinations/<id>`). */
export class DestinationForm {
  constructor(readonly page: Page) {}

  field(
    label:
      | "Name"
      | "URL"
      | "Auth type"
      | "Token"
      | "Event types"
      | "Event filter (JSON)"
      | "Batch size"
      | "Timeout (ms)"
      | "Retry max"
      | "Backoff (ms)",
  ): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /**
   * Types a value and leaves the field, as a person moving on would. Leaving a field shows its
   * error beside it, which moves what is below; filling and clicking "Create" in one go would
   * let that shift carry the button away between mouse down and up.
   */
  async fill(label: Parameters<DestinationForm["field"]>[0], value: string): Promise<void> {
    await this.field(label).fill(value);
    await this.field(label).blur();
  }

  get enabled(): Locator {
    return this.page.getByRole("checkbox", { name: /^Enabled/ });
  }

  /** Event types are chips: type one and press Enter. */
  async addEventType(type: string): Promise<void> {
    await this.field("Event types").fill(type);
    await this.field("Event types").press("Enter");
    await expect(this.page.getByRole("button", { name: `Remove ${type}` })).toBeVisible();
  }

  /**
   * A field's error is shown beside it (role=alert) and is part of the control's accessible
   * description, so a screen reader reads it with the field.
   */
  async expectFieldError(label: Parameters<DestinationForm["field"]>[0], message: string | RegExp): Promise<void> {
    const control = this.field(label);
    await expect(control).toHaveAttribute("aria-invalid", "true");
    await expect(control).toHaveAccessibleDescription(
      message instanceof RegExp ? message : new RegExp(escapeRegExp(message)),
    );
  }

  async expectNoFieldError(label: Parameters<DestinationForm["field"]>[0]): Promise<void> {
    await expect(this.field(label)).not.toHaveAttribute("aria-invalid", "true");
  }

  get create(): Locator {
    return this.page.getByRole("button", { name: "Create destination" });
  }

  get save(): Locator {
    return this.page.getByRole("button", { name: "Save changes" });
  }

  /** Submits the new destination and reads the signing secret it shows once; ends on the destination's page. */
  async createAndReadSecret(): Promise<{ id: string; secret: string }> {
    await this.create.click();
    const secret = await readSecretOnce(this.page, "Destination created: its signing secret");
    await expect(this.page).toHaveURL(/\/destinations\/[0-9a-f-]{36}$/);
    const id = this.page.url().split("/").pop()!;
    return { id, secret };
  }
}

/** `/destinations/<id>`: health, controls, the signing secret and the settings form. */
export class DestinationDetailPage {
  readonly form: DestinationForm;

  constructor(readonly page: Page) {
    this.form = new DestinationForm(page);
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(`/destinations/${id}`);
  }

  heading(name: string): Locator {
    return this.page.getByRole("heading", { level: 1, name: new RegExp(`^${escapeRegExp(name)} (enabled|disabled)$`) });
  }

  get sendTestEvent(): Locator {
    return this.page.getByRole("button", { name: "Send test event" });
  }

  get disable(): Locator {
    return this.page.getByRole("button", { name: "Disable", exact: true });
  }

  get enable(): Locator {
    return this.page.getByRole("button", { name: "Enable", exact: true });
  }

  get delete(): Locator {
    return this.page.getByRole("button", { name: "Delete…" });
  }

  get reveal(): Locator {
    return this.page.getByRole("button", { name: "Reveal" });
  }

  get rotate(): Locator {
    return this.page.getByRole("button", { name: "Rotate…" });
  }

  /** The panel that reports the receiver's answer to a test event. */
  get testResult(): Locator {
    return this.page.getByRole("status", { name: "Test event result" });
  }

  /** Rotate… → confirm → the new secret, shown once. */
  async rotateSecret(): Promise<string> {
    await this.rotate.click();
    const confirm = this.page.getByRole("dialog", { name: "Rotate the signing secret?" });
    await expect(confirm).toContainText("keeps signing too for 24 hours");
    await confirm.getByRole("button", { name: "Rotate secret" }).click();
    return readSecretOnce(this.page, "New signing secret");
  }

  toast(text: string | RegExp): Locator {
    return this.page.getByRole("status").filter({ hasText: text });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
