import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { FORM_ERRORS_KEY, formMessage, zodFieldErrors } from "@/lib/validation/field-errors";
import { isUuid, UUID_SQL_LITERAL, uuidString } from "@/lib/validation/uuid";
import { useFreshDatabase } from "../helpers/db";

// The one zod-to-field-errors function serves the dashboard's actions, the domain modules and
// the public API; these pin the keys each of them reads.
describe("zodFieldErrors", () => {
  const schema = z
    .strictObject({ name: z.string().min(1, "Required"), tags: z.array(z.string().max(3, "Too long")) })
    .refine((v) => v.name !== "x", "The value as a whole is wrong");

  it("keys field issues by their dotted path and whole-value issues under _form", () => {
    const error = schema.safeParse({ name: "", tags: ["ok", "toolong"] }).error!;
    expect(zodFieldErrors(error)).toEqual({ name: ["Required"], "tags.1": ["Too long"] });
    const whole = schema.safeParse({ name: "x", tags: [] }).error!;
    expect(FORM_ERRORS_KEY).toBe("_form");
    expect(zodFieldErrors(whole)).toEqual({ _form: ["The value as a whole is wrong"] });
  });

  it("lets the public API name the part of the request at fault", () => {
    const error = z.object({ a: z.string() }).safeParse("not an object").error!;
    expect(Object.keys(zodFieldErrors(error, { rootKey: "body" }))).toEqual(["body"]);
  });

  it("reports each unknown key under its own path, with the field probably meant", () => {
    const error = schema.safeParse({ name: "n", tags: [], Tags: [], zzz: 1 }).error!;
    expect(zodFieldErrors(error, { knownFieldsAt: () => ["name", "tags"] })).toEqual({
      Tags: ["Unknown field; did you mean tags?"],
      zzz: ["Unknown field"],
    });
  });
});

describe("formMessage", () => {
  it("shows the whole-value issues, else the failure's message when no field carries one, and nothing twice", () => {
    expect(formMessage("Some fields are not valid", { _form: ["Choose a type", "and a name"] })).toBe(
      "Choose a type and a name",
    );
    expect(formMessage("Some fields are not valid", { email: ["Taken"] })).toBeNull();
    expect(formMessage("Only an admin can do this", undefined)).toBe("Only an admin can do this");
    expect(formMessage("Only an admin can do this", {})).toBe("Only an admin can do this");
    expect(formMessage(null, undefined)).toBeNull();
  });
});

describe("uuid", () => {
  it("accepts a canonical UUID in any case and nothing else", () => {
    expect(isUuid("0190b8a1-7c2e-4f3a-9d4b-1a2b3c4d5e6f")).toBe(true);
    expect(isUuid("0190B8A1-7C2E-4F3A-9D4B-1A2B3C4D5E6F")).toBe(true);
    expect(isUuid("0190b8a1-7c2e-4f3a-9d4b-1a2b3c4d5e6")).toBe(false);
    expect(isUuid(42)).toBe(false);
    expect(uuidString("Bad id").safeParse("nope").error?.issues[0]?.message).toBe("Bad id");
  });
});

describe("UUID_SQL_LITERAL", () => {
  let pool: Awaited<ReturnType<typeof useFreshDatabase>>["pool"];
  beforeAll(async () => {
    pool = (await useFreshDatabase()).pool;
  });

  it("matches in PostgreSQL exactly what isUuid accepts, so a matching text always casts to uuid", async () => {
    const values = [
      "0190b8a1-7c2e-4f3a-9d4b-1a2b3c4d5e6f",
      "0190B8A1-7C2E-4F3A-9D4B-1A2B3C4D5E6F",
      "0190b8a1-7c2e-4f3a-9d4b-1a2b3c4d5e6",
      "0190b8a1-7c2e-4f3a-9d4b-1a2b3c4d5e6f0",
      "{0190b8a1-7c2e-4f3a-9d4b-1a2b3c4d5e6f}",
      "not-a-uuid",
      "",
    ];
    const { rows } = await pool.query<{ v: string; matches: boolean; id: string | null }>(
      `SELECT v, v ~* ${UUID_SQL_LITERAL} AS matches, CASE WHEN v ~* ${UUID_SQL_LITERAL} THEN v::uuid::text END AS id
         FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n`,
      [values],
    );
    expect(rows.map((r) => r.matches)).toEqual(values.map(isUuid));
    expect(rows.filter((r) => r.matches).map((r) => r.id)).toEqual([values[0], values[0]]);
  });
});
