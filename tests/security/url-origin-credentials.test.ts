import { beforeAll, describe, expect, it } from "vitest";
import { updateDestinationAction } from "../../actions/destinations";
import * as destinationRoute from "../../app/api/v1/destinations/[id]/route";
import { decryptSecret } from "../../lib/crypto/secret-box";
import { updateDestination } from "../../lib/destinations";
import { ValidationError } from "../../lib/errors";
import { sessionUser } from "../dashboard/session-users";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createDestination, createOrg } from "../helpers/fixtures";

// Stored credentials were given for one receiver. Moving the URL to another origin (scheme, host,
// port) must not carry them along: a lead (who only sees masked values) or a manage key could
// otherwise point the destination at a host of theirs and press "Send test".

let t: TestDatabase;
let orgId: string;
let manageKey: string;
const actor = { userId: null, label: "test" };

async function storedAuth(id: string) {
  const { rows } = await t.pool.query<{ url: string; auth_config: Record<string, string> | null }>(
    "SELECT url, auth_config FROM webhook_destinations WHERE id = $1",
    [id],
  );
  return rows[0]!;
}

async function bearerDestination(): Promise<string> {
  const { id } = await createDestination(t.pool, orgId, {
    url: "https://receiver.example/hooks",
    authType: "bearer",
    authConfig: { token: "stored-receiver-token" },
  });
  return id;
}

beforeAll(async () => {
  process.env.ALLOW_PRIVATE_DESTINATIONS = "true";
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  manageKey = await createApiKey(t.pool, orgId, ["manage"]);
});

describe("changing a destination's URL to another origin", () => {
  it("keeps the stored secret for a new path on the same origin", async () => {
    const id = await bearerDestination();
    await updateDestination(orgId, id, { url: "https://receiver.example/other/path?x=1" }, actor);
    const row = await storedAuth(id);
    expect(decryptSecret(row.auth_config!.token!, "auth_config.token")).toBe("stored-receiver-token");
  });

  for (const url of [
    "https://attacker.example/hooks",
    "http://receiver.example/hooks",
    "https://receiver.example:8443/hooks",
  ])
    it(`requires the secret again for ${url}: 400 on the secret field, nothing stored`, async () => {
      const id = await bearerDestination();
      const before = await storedAuth(id);
      for (const input of [{ url }, { url, authType: "bearer", token: "" }]) {
        const error = await updateDestination(orgId, id, input, actor).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).fieldErrors).toEqual({
          token: [expect.stringMatching(/enter the secret again/)],
        });
        expect(await storedAuth(id)).toEqual(before);
      }
      await updateDestination(orgId, id, { url, authType: "bearer", token: "a-new-token" }, actor);
      const after = await storedAuth(id);
      expect(after.url).toBe(url);
      expect(decryptSecret(after.auth_config!.token!, "auth_config.token")).toBe("a-new-token");
    });

  it("asks for the password (basic) and the header value (custom header) the same way", async () => {
    const basic = await createDestination(t.pool, orgId, {
      url: "https://receiver.example/b",
      authType: "basic",
      authConfig: { username: "svc", password: "stored-password" },
    });
    const header = await createDestination(t.pool, orgId, {
      url: "https://receiver.example/h",
      authType: "header",
      authConfig: { name: "x-api-key", value: "stored-value" },
    });
    await expect(
      updateDestination(orgId, basic.id, { url: "https://elsewhere.example/b" }, actor),
    ).rejects.toMatchObject({
      fieldErrors: { password: [expect.any(String)] },
    });
    await expect(
      updateDestination(orgId, header.id, { url: "https://elsewhere.example/h" }, actor),
    ).rejects.toMatchObject({
      fieldErrors: { headerValue: [expect.any(String)] },
    });
  });

  it("needs nothing again when the destination has no credentials", async () => {
    const { id } = await createDestination(t.pool, orgId, { url: "https://receiver.example/none" });
    await updateDestination(orgId, id, { url: "https://elsewhere.example/none" }, actor);
    expect((await storedAuth(id)).url).toBe("https://elsewhere.example/none");
  });

  it("API: PATCH answers 400 naming auth_config.token; the form action answers the field error to a lead", async () => {
    const id = await bearerDestination();
    const response = await destinationRoute.PATCH(
      new Request(`http://localhost/api/v1/destinations/${id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${manageKey}`, "content-type": "application/json" },
        body: JSON.stringify({ url: "https://attacker.example/collect" }),
      }),
      { params: Promise.resolve({ id }) },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field_errors: { "auth_config.token": [expect.any(String)] } });

    const lead = await sessionUser(t.pool, orgId, "lead");
    const result = await updateDestinationAction.run(lead, {
      id,
      values: { url: "https://attacker.example/collect", authType: "bearer", token: "" },
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { token: [expect.stringMatching(/enter the secret again/)] },
    });
    expect((await storedAuth(id)).url).toBe("https://receiver.example/hooks");
  });
});
