import { describe, expect, it } from "vitest";
import { demoDefaultsFor, isLoopbackHost } from "../../lib/config/demo-defaults";

// `npm start` without DATABASE_URL is a laptop demo only behind a loopback listener: on a
// network interface the address guard and the unauthenticated demo receiver must not be
// switched off by default.
describe("demo defaults of npm start", () => {
  it("are on for the embedded database on loopback", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"]) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(demoDefaultsFor({ embedded: true, host, env: {} }).env).toEqual({
        DEMO_MODE: "true",
        ALLOW_PRIVATE_DESTINATIONS: "true",
      });
    }
  });

  it("stay off on any other listener, and say so", () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.5", "hookline.example", "::ffff:10.0.0.1"]) {
      expect(isLoopbackHost(host), host).toBe(false);
      const defaults = demoDefaultsFor({ embedded: true, host, env: {} });
      expect(defaults.env, host).toEqual({});
      expect(defaults.notice).toMatch(/not loopback: demo defaults off/);
    }
  });

  it("never override what was set explicitly, and are off with DATABASE_URL", () => {
    expect(demoDefaultsFor({ embedded: true, host: "127.0.0.1", env: { DEMO_MODE: "false" } }).env).toEqual({
      ALLOW_PRIVATE_DESTINATIONS: "true",
    });
    expect(demoDefaultsFor({ embedded: true, host: "0.0.0.0", env: { DEMO_MODE: "true" } })).toEqual({
      env: {},
      notice: null,
    });
    expect(demoDefaultsFor({ embedded: false, host: "127.0.0.1", env: {} }).env).toEqual({});
  });
});
