import { describe, expect, it } from "vitest";
import { and, likePattern, Prisma, trusted, utc, uuidOrNull, whereClause } from "../../lib/db/sql";

describe("lib/db/sql builders", () => {
  it("joins conditions with AND, numbering the values in order; no condition is TRUE / no WHERE", () => {
    const sql = Prisma.sql`SELECT 1 FROM t${whereClause([Prisma.sql`a = ${1}`, Prisma.sql`b = ANY (${["x", "y"]}::text[])`])}`;
    expect(sql.text).toBe("SELECT 1 FROM t WHERE a = $1 AND b = ANY ($2::text[])");
    expect(sql.values).toEqual([1, ["x", "y"]]);
    expect(and([]).text).toBe("TRUE");
    expect(Prisma.sql`SELECT 1 FROM t${whereClause([])}`.text).toBe("SELECT 1 FROM t");
  });

  it("keeps input out of the text: a hostile value is a parameter, only code-fixed text is inlined", () => {
    const hostile = "x'; DROP TABLE webhook_deliveries; --";
    const sql = Prisma.sql`SELECT ${trusted("d.id")} FROM webhook_deliveries d WHERE d.error_message ILIKE ${likePattern(hostile)}`;
    expect(sql.text).toBe("SELECT d.id FROM webhook_deliveries d WHERE d.error_message ILIKE $1");
    expect(sql.values).toEqual(["%x'; DROP TABLE webhook\\_deliveries; --%"]);
  });

  it("escapes LIKE metacharacters so a search means its literal text", () => {
    expect(likePattern("100%_done\\")).toBe("%100\\%\\_done\\\\%");
  });

  it("sends instants as UTC ISO text", () => {
    expect(utc(new Date(Date.UTC(2026, 2, 1, 12, 34, 56, 789)))).toBe("2026-03-01T12:34:56.789Z");
  });

  it("casts an envelope id to uuid only when it has a UUID's shape", () => {
    const sql = uuidOrNull(trusted("f.webhook_payload_json ->> 'log_id'"));
    expect(sql.text).toMatch(
      /^CASE WHEN f\.webhook_payload_json ->> 'log_id' ~\* '\^\[0-9a-f\]\{8\}-.*\$' THEN \(.*\)::uuid END$/,
    );
    expect(sql.values).toEqual([]);
  });
});
