import { beforeAll, describe, expect, it } from "vitest";
import { createDestinationAction } from "@/actions/destinations";
import * as destinationsRoute from "../../app/api/v1/destinations/route";
import * as destinationRoute from "../../app/api/v1/destinations/[id]/route";
import { decryptSecret } from "../../lib/crypto/secret-box";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createDestination, createOrg } from "../helpers/fixtures";
import { sessionUser } from "../dashboard/session-users";

// A secret with an unpaired UTF-16 surrogate has no UTF-8 form; encrypting it stored U+FFFD
// instead, so the receiver would get a credential nobody configured. Such values are a 400
// on the field, and nothing is stored.

let t: TestDatabase;
let orgId: string;
let apiKey: string;

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  apiKey = await createApiKey(t.pool, orgId, ["manage"]);
});

async function snapshot(): Promise<string> {
  const { rows } = await t.pool.query<{ s: string | null }>(
    "SELECT string_agg(w::text, '|' ORDER BY w.id) AS s FROM webhook_destinations w",
  );
  return rows[0]!.s ?? "";
}

// Raw JSON text: "\\ud800" is how a client sends a lone surrogate (JSON.parse accepts it).
const CASES: [string, string][] = [
  ['"auth_type":"basic","auth_config":{"username":"ann","password":"pa\\ud800ss"}', "auth_config.password"],
  ['"auth_type":"basic","auth_config":{"username":"a\\udc00nn","password":"pass"}', "auth_config.username"],
  ['"auth_type":"bearer","auth_config":{"token":"\\udbfftok"}', "auth_config.token"],
  ['"auth_type":"header","auth_config":{"name":"X-Api-Key","value":"v\\ud800"}', "auth_config.value"],
];

describe("secrets with unpaired surrogates", () => {
  it("are refused with a 400 field error on create (API), storing nothing", async () => {
    for (const [auth, field] of CASES) {
      const before = await snapshot();
      const response = await destinationsRoute.POST(
        new Request("http://127.0.0.1/api/v1/destinations", {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: `{"name":"s","url":"http://127.0.0.1:9/s",${auth}}`,
        }),
        { params: Promise.resolve({}) },
      );
      expect(response.status, auth).toBe(400);
      const body = (await response.json()) as { field_errors: Record<string, string[]> };
      expect(Object.keys(body.field_errors), auth).toEqual([field]);
      expect(body.field_errors[field]![0]).toMatch(/unpaired surrogate/);
      expect(await snapshot()).toBe(before);
    }
  });

  it("are refused on update (API), keeping the stored secret", async () => {
    const { id } = await createDestination(t.pool, orgId, {
      url: "http://127.0.0.1:9/u",
      authType: "bearer",
      authConfig: { token: "original-token" },
    });
    for (const [auth, field] of CASES) {
      const before = await snapshot();
      const response = await destinationRoute.PATCH(
        new Request(`http://127.0.0.1/api/v1/destinations/${id}`, {
          method: "PATCH",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: `{${auth}}`,
        }),
        { params: Promise.resolve({ id }) },
      );
      expect(response.status, auth).toBe(400);
      expect(Object.keys(((await response.json()) as { field_errors: Record<string, string[]> }).field_errors)).toEqual(
        [field],
      );
      expect(await snapshot()).toBe(before);
    }
    const { rows } = await t.pool.query<{ auth_config: { token: string } }>(
      "SELECT auth_config FROM webhook_destinations WHERE id = $1",
      [id],
    );
    expect(decryptSecret(rows[0]!.auth_config.token, "auth_config.token")).toBe("original-token");
  });

  it("are refused by the dashboard's create action; a well-formed pair (emoji) is stored exactly", async () => {
    const admin = await sessionUser(t.pool, orgId, "admin");
    const refused = await createDestinationAction.run(admin, {
      name: "form",
      url: "http://127.0.0.1:9/f",
      authType: "bearer",
      token: "x\ud800",
    });
    expect(refused).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { token: [expect.stringMatching(/unpaired surrogate/)] },
    });
    const stored = await createDestinationAction.run(admin, {
      name: "emoji",
      url: "http://127.0.0.1:9/e",
      authType: "bearer",
      token: "tok-\ud83d\ude00",
    });
    expect(stored).toMatchObject({ ok: true });
    const { rows } = await t.pool.query<{ auth_config: { token: string } }>(
      "SELECT auth_config FROM webhook_destinations WHERE id = $1",
      [(stored as { data: { id: string } }).data.id],
    );
    expect(decryptSecret(rows[0]!.auth_config.token, "auth_config.token")).toBe("tok-😀");
  });
});
