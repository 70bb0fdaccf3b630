import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "../../lib/http/safe-redirect";

// The login page reads callbackUrl from the query (Next hands it over percent-decoded) and the
// form follows it with router.replace after sign-in: whatever comes out must stay on our origin
// however a browser's URL parser reads it.
const ORIGIN = "https://hookline.example";
const stays = (path: string) => new URL(path, ORIGIN).origin === ORIGIN;

const HOSTILE = [
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%0d/evil.example",
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "https://evil.example",
  "javascript:alert(1)",
  "/%2F%2Fevil.example",
  "/%5Cevil.example",
  "/%09%09/evil.example",
  "/ /evil.example",
  "http:evil.example",
];

describe("safeCallbackPath", () => {
  for (const raw of HOSTILE) {
    const decoded = decodeURIComponent(raw);
    it(`never leaves the origin: ${JSON.stringify(raw)} (decoded ${JSON.stringify(decoded)})`, () => {
      for (const value of [raw, decoded]) {
        const path = safeCallbackPath(value);
        expect(path.startsWith("/"), path).toBe(true);
        expect(stays(path), `${JSON.stringify(value)} → ${path}`).toBe(true);
      }
    });
  }

  it("refuses the decoded forms that resolve to another origin, falling back", () => {
    for (const value of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r/evil.example",
      "///evil.example",
      "/\\evil.example",
    ])
      expect(safeCallbackPath(value, "/fallback")).toBe("/fallback");
  });

  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeCallbackPath("/deliveries?status=dead&page=2#row-3")).toBe("/deliveries?status=dead&page=2#row-3");
    expect(safeCallbackPath("/failures")).toBe("/failures");
    expect(safeCallbackPath("/")).toBe("/");
  });

  it("does not send a signed-in user back to the login or auth endpoints, nor takes non-strings", () => {
    expect(safeCallbackPath("/login?callbackUrl=/x")).toBe("/");
    expect(safeCallbackPath("/api/auth/signout")).toBe("/");
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(["/a", "/b"])).toBe("/");
  });
});
