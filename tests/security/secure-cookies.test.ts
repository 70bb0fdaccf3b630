import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.NEXTAUTH_URL = "https://hookline.example";
  process.env.NEXTAUTH_SECRET ||= "test-secret-test-secret-test-secret";
});

import { authOptions } from "../../lib/auth/options";

// next-auth's framework-free core (the route handler wraps it with Next's request scope, which
// a test cannot provide); its package exports do not list it, so it is loaded by file path.
const require = createRequire(import.meta.url);
const { AuthHandler } = require(path.join(path.dirname(require.resolve("next-auth")), "core/index.js")) as {
  AuthHandler: (params: { req: unknown; options: unknown }) => Promise<{
    cookies?: { name: string; options: { secure?: boolean } }[];
  }>;
};

describe("session cookies behind https", () => {
  it("are Secure and __Host-/__Secure- prefixed whenever NEXTAUTH_URL is https", async () => {
    expect(authOptions.useSecureCookies).toBe(true);
    const response = await AuthHandler({
      req: { action: "csrf", method: "GET", headers: {}, query: {}, body: {}, cookies: {} },
      options: authOptions,
    });
    const cookies = response.cookies ?? [];
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie.options.secure, cookie.name).toBe(true);
      expect(cookie.name).toMatch(/^__(Host|Secure)-/);
    }
  });
});
