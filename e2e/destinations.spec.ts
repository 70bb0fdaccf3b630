import { startReceiver, verifySignature } from "../test-support/receiver";
import { test, expect, E2E } from "./fixtures";
import { DestinationDetailPage, DestinationForm, DestinationsPage } from "./pages/destinations-page";
import { DISPATCHING_TEST_TIMEOUT, uniqueName } from "./support/test-data";

interface DestinationRow {
  name: string;
  url: string;
  event_types: string[];
  enabled: boolean;
  batch_size: number;
  retry_max: number;
  signing_secret: string;
  created_by: string;
}

test.describe("destinations", () => {
  test.describe.configure({ timeout: DISPATCHING_TEST_TIMEOUT });

  test("a team lead creates a destination for a receiver, tests it signed, edits, disables it and rotates its secret", async ({
    leadPage: page,
    receiver,
    db,
  }) => {
    const name = uniqueName("e2e-journey");
    const eventType = `${name}.created`;
    const row = async (id: string) =>
      (await db.query<DestinationRow>("SELECT * FROM webhook_destinations WHERE id = $1", [id])).rows[0]!;
    const auditActions = async (id: string) =>
      (
        await db.query<{ action: string }>(
          "SELECT action FROM audit_logs WHERE target_type = 'destination' AND target_id = $1 ORDER BY id",
          [id],
        )
      ).rows.map((r) => r.action);

    // The list's "New destination" leads to the form.
    const list = new DestinationsPage(page);
    await list.goto();
    await list.newDestination.click();
    await expect(page.getByRole("heading", { level: 1, name: "New destination" })).toBeVisible();

    // A bad URL and a batch size over the limit: each message appears beside its field and nothing is stored.
    const form = new DestinationForm(page);
    await form.fill("Name", name);
    await form.fill("URL", "receiver-on-localhost");
    await form.addEventType(eventType);
    await form.fill("Batch size", "500");
    await form.create.click();
    await form.expectFieldError("URL", "Enter a full URL, like https://example.com/webhooks");
    await form.expectFieldError("Batch size", "Batch size must be at most 100");
    await expect(page.getByText("Check the highlighted fields.")).toBeVisible();
    expect((await db.query("SELECT 1 FROM webhook_destinations WHERE name = $1", [name])).rowCount).toBe(0);

    // Fixed, it saves, and the signing secret is shown this once.
    await form.fill("URL", receiver.url);
    await form.fill("Batch size", "10");
    await form.fill("Retry max", "3");
    await form.expectNoFieldError("URL");
    await form.expectNoFieldError("Batch size");
    const { id, secret } = await form.createAndReadSecret();
    const detail = new DestinationDetailPage(page);
    await expect(detail.heading(name)).toHaveText(`${name} enabled`);

    const lead = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [E2E.users.lead])).rows[0]!;
    const created = await row(id);
    expect(created).toMatchObject({
      name,
      url: receiver.url,
      event_types: [eventType],
      enabled: true,
      batch_size: 10,
      retry_max: 3,
      created_by: lead.id,
    });
    // Encrypted at rest: the stored value is ciphertext, never the secret the lead was shown.
    expect(created.signing_secret).toMatch(/^enc:v2:/);
    expect(created.signing_secret).not.toContain(secret.slice(6));

    // A test event arrives at the receiver, signed with that secret (Standard Webhooks).
    await detail.sendTestEvent.click();
    await expect(detail.testResult).toContainText("Delivered");
    await expect(detail.testResult).toContainText("HTTP 200");
    expect(receiver.requests).toHaveLength(1);
    const verified = verifySignature(receiver.requests[0]!, secret) as {
      type: string;
      data: { payload: { destination_id: string } };
    }[];
    // batch_size 10: a batch destination always receives an array, here of one event.
    expect(verified).toHaveLength(1);
    expect(verified[0]).toMatchObject({ type: "hookline.test", data: { payload: { destination_id: id } } });
    expect(() =>
      verifySignature(
        receiver.requests[0]!,
        "whsec_" + Buffer.from("not-the-secret-at-all-32-bytes!!").toString("base64"),
      ),
    ).toThrow();
    const testDelivery = await db.query<{ status: string }>(
      "SELECT status FROM webhook_deliveries WHERE destination_id = $1",
      [id],
    );
    expect(testDelivery.rows).toEqual([{ status: "delivered" }]);

    // Edit: a new name and retry max, saved through the same form.
    const renamed = `${name}-edited`;
    await detail.form.fill("Name", renamed);
    await detail.form.fill("Retry max", "4");
    await detail.form.save.click();
    await expect(detail.toast("Saved")).toBeVisible();
    await expect(detail.heading(renamed)).toBeVisible();
    await expect.poll(async () => (await row(id)).name).toBe(renamed);
    expect(await row(id)).toMatchObject({ retry_max: 4, batch_size: 10, url: receiver.url });

    // Disable.
    await detail.disable.click();
    await expect(detail.toast(`${renamed} is disabled`)).toBeVisible();
    await expect(detail.enable).toBeVisible();
    await expect(detail.heading(renamed)).toHaveText(`${renamed} disabled`);
    expect((await row(id)).enabled).toBe(false);

    // Rotate, with a confirmation; the new secret is shown once.
    const before = (await row(id)).signing_secret;
    const rotated = await detail.rotateSecret();
    expect(rotated).not.toBe(secret);
    expect((await row(id)).signing_secret).not.toBe(before);
    const previous = await db.query<{ expires_at: Date }>(
      "SELECT expires_at FROM destination_previous_secrets WHERE destination_id = $1",
      [id],
    );
    expect(previous.rowCount).toBe(1);
    expect(previous.rows[0]!.expires_at.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await expect(page.getByText(/The previous secret still signs/)).toBeVisible();

    // A disabled destination can still be tested: the new secret signs, and the old one still does for 24 h.
    await detail.sendTestEvent.click();
    await expect.poll(() => receiver.requests.length).toBe(2);
    await expect(detail.testResult).toContainText("Delivered");
    expect(() => verifySignature(receiver.requests[1]!, rotated)).not.toThrow();
    expect(() => verifySignature(receiver.requests[1]!, secret)).not.toThrow();

    // The second send's "Delivered" may still be the first one's text: wait for its audit entry.
    await expect
      .poll(() => auditActions(id))
      .toEqual([
        "destination.created",
        "destination.test_sent",
        "destination.updated",
        "destination.disabled",
        "destination.secret_rotated",
        "destination.test_sent",
      ]);
  });

  test("a lead who moves a destination to another host must enter its token again before anything is sent there", async ({
    leadPage: page,
    receiver,
    api,
    db,
  }) => {
    const name = uniqueName("e2e-origin");
    const created = await api.post("/api/v1/destinations", {
      data: { name, url: receiver.url, auth_type: "bearer", auth_config: { token: "token-of-the-first-receiver" } },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = ((await created.json()) as { destination: { id: string } }).destination;
    const stored = async () =>
      (
        await db.query<{ url: string; auth_config: unknown }>(
          "SELECT url, auth_config FROM webhook_destinations WHERE id = $1",
          [id],
        )
      ).rows[0]!;
    const before = await stored();

    const detail = new DestinationDetailPage(page);
    await detail.goto(id);
    await expect(detail.heading(name)).toBeVisible();
    const token = detail.form.field("Token");
    await expect(token).toHaveAttribute("placeholder", /^Stored \(.+\): leave empty to keep$/);

    // Another origin (here another port): the stored token is not offered to it.
    const other = await startReceiver();
    try {
      await detail.form.fill("URL", other.url);
      await expect(token).toHaveAttribute("placeholder", "The URL points at another host now: enter the secret again");
      await detail.form.save.click();
      await detail.form.expectFieldError(
        "Token",
        "The URL now points at another host: enter the secret again to send it there",
      );
      expect(await stored()).toEqual(before);

      // With a token of its own it saves, and a test event carries that token, never the first one.
      await detail.form.fill("Token", "token-of-the-second-receiver");
      await detail.form.save.click();
      await expect(detail.toast("Saved")).toBeVisible();
      await expect.poll(async () => (await stored()).url).toBe(other.url);
      await detail.sendTestEvent.click();
      await expect(detail.testResult).toContainText("Delivered");
      expect(other.requests.map((r) => r.headers.authorization)).toEqual(["Bearer token-of-the-second-receiver"]);
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
