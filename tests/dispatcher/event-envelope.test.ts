import { describe, expect, it } from "vitest";
import { compactJsonbText } from "../../lib/dispatcher/event-envelope";
import { useDispatchTestbed } from "./support";

const bed = useDispatchTestbed({ receiver: false });

describe("compactJsonbText", () => {
  it("gives JSON.stringify's compact form of what PostgreSQL prints for jsonb, strings untouched", async () => {
    const values = [
      { a: 1, b: [1, 2, { c: null }], d: true },
      { "key, with: separators": "value, with: separators", empty: {}, list: [] },
      { quote: 'say "hi", then: go', slash: "ends with a backslash \\", both: '\\"' },
      { ctl: "tab\tnewline\nbell\u0007", unicode: "é 😀 \u2028" },
      ["top", "level", ["array"]],
      "a string",
      42,
      null,
    ];
    for (const value of values) {
      const { rows } = await bed.pool.query<{ text: string }>("SELECT $1::jsonb::text AS text", [
        JSON.stringify(value),
      ]);
      const printed = rows[0]!.text;
      expect(compactJsonbText(printed)).toBe(JSON.stringify(JSON.parse(printed)));
    }
  });
});
