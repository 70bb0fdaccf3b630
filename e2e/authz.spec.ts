import { test, expect, E2E } from "./fixtures";

/** The dashboard's own route handlers (bulk progress streams, export), called directly. */
test.describe("dashboard route handlers refuse what the UI would not allow", () => {
  test("a viewer's bulk retry is refused by the action's role check, and changes nothing", async ({
    viewerPage,
    db,
  }) => {
    const { rows } = await db.query(
      `SELECT d.id, d.status FROM webhook_deliveries d JOIN webhook_destinations w ON w.id = d.destination_id
         JOIN organizations o ON o.id = w.org_id WHERE o.slug = 'acme' AND d.status = 'dead' LIMIT 3`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const response = await viewerPage.request.post("/deliveries/bulk?action=retry", {
      headers: { origin: E2E.baseUrl, "content-type": "application/json" },
      data: { ids: rows.map((r) => r.id) },
    });
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toEqual({ result: { ok: false, error: "Your role does not allow this", code: "forbidden" } });
    const after = await db.query(
      "SELECT count(*)::int AS n FROM webhook_deliveries WHERE id = ANY($1) AND status = 'dead'",
      [rows.map((r) => r.id)],
    );
    expect(after.rows[0].n).toBe(rows.length);
  });

  test("a bulk request from another site is refused before anything runs", async ({ adminPage }) => {
    const response = await adminPage.request.post("/failures/bulk?action=discard", {
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      data: { query: "" },
    });
    expect(response.status()).toBe(403);
  });

  test("export without a session goes to login; another org's export holds none of this org's rows", async ({
    request,
    otherOrgPage,
    db,
  }) => {
    const anonymous = await request.get("/deliveries/export?format=ndjson", { maxRedirects: 0 });
    expect(anonymous.status()).toBe(307);
    expect(anonymous.headers().location).toContain("/login");

    const exported = await otherOrgPage.request.get("/deliveries/export?format=ndjson");
    expect(exported.status()).toBe(200);
    const exportedIds = new Set(
      (await exported.text())
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).id as string),
    );
    const { rows } = await db.query(
      `SELECT d.id FROM webhook_deliveries d JOIN webhook_destinations w ON w.id = d.destination_id
         JOIN organizations o ON o.id = w.org_id WHERE o.slug = 'acme'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => exportedIds.has(r.id))).toEqual([]);
    expect(exportedIds.size).toBeGreaterThan(0);
  });
});
