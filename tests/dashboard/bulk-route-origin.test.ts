import { describe, expect, it } from "vitest";
import { POST as deliveriesBulk } from "../../app/(dashboard)/deliveries/bulk/route";
import { POST as failuresBulk } from "../../app/(dashboard)/failures/bulk/route";

/**
 * The bulk progress routes run retries and discards on the session cookie, so they check the
 * Origin themselves (server actions get that from Next). Whatever the Origin header holds, a
 * request that does not come from this host is a 403 — never a 500 from parsing it.
 */
const HOST = "127.0.0.1:3000";
const ROUTES = [
  { name: "deliveries", handler: deliveriesBulk, actions: ["retry", "cancel"] },
  { name: "failures", handler: failuresBulk, actions: ["retry", "discard"] },
] as const;
const REFUSED: [string, Record<string, string>][] = [
  ["Origin: null", { origin: "null" }],
  ["Origin: garbage", { origin: "garbage" }],
  ["Origin: a bare host", { origin: HOST }],
  ["a foreign origin", { origin: "http://evil.test" }],
  ["a foreign origin ending in this host", { origin: `http://evil.test.${HOST}` }],
  ["a non-http scheme", { origin: `ftp://${HOST}` }],
  ["no Origin at all", {}],
  ["a forwarded host other than the origin's", { origin: `http://${HOST}`, "x-forwarded-host": "hookline.example" }],
];

function request(
  name: string,
  action: string,
  headers: Record<string, string>,
  body = JSON.stringify({ query: "" }),
): Request {
  return new Request(`http://${HOST}/${name}/bulk?action=${action}`, {
    method: "POST",
    headers: { host: HOST, "content-type": "application/json", ...headers },
    body,
  });
}

describe.each(ROUTES)("POST /$name/bulk", ({ name, handler, actions }) => {
  describe.each(actions.map((action) => [action]))("?action=%s", (action) => {
    it.each(REFUSED)("refuses %s with 403", async (_label, headers) => {
      const response = await handler(request(name, action, headers));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ ok: false, error: "Cross-site request refused", code: "forbidden" });
    });

    it("lets a same-origin request through to the body check", async () => {
      // Past the Origin check the next refusal is the body's (no session is needed to get there).
      const response = await handler(request(name, action, { origin: `http://${HOST}` }, "not json"));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "validation_failed" });
    });
  });
});
