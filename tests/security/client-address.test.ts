import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { addressBucket } from "../../lib/http/address-bucket";
import { clientAddress } from "../../lib/http/client-address";

// The address the login limits count: the socket's, written by the preload npm start loads
// into the Next.js server (scripts/client-address.mjs), never a header the client wrote; and
// X-Forwarded-For only as far as TRUSTED_PROXY_HOPS says. Checked on a real HTTP server.

const saved = process.env.TRUSTED_PROXY_HOPS;
afterEach(() => {
  if (saved === undefined) delete process.env.TRUSTED_PROXY_HOPS;
  else process.env.TRUSTED_PROXY_HOPS = saved;
});

let server: http.Server | undefined;
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Sends one request with the given headers; the server answers with the address it counts. */
async function seenAddress(headers: Record<string, string>): Promise<string> {
  if (!server) {
    server = http.createServer((req, res) => res.end(clientAddress(req.headers as Record<string, unknown>)));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  }
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`, { headers });
  return response.text();
}

const SPOOFED = { "x-hookline-client-address": "6.6.6.6", "x-forwarded-for": "7.7.7.7, 203.0.113.9" };

describe("client address", () => {
  it("without the preload, a client-written address header is not believed", async () => {
    delete process.env.TRUSTED_PROXY_HOPS;
    expect(await seenAddress(SPOOFED)).toBe("unknown");
  });

  it("with the preload, the socket's address wins over whatever the client wrote", async () => {
    await import("../../scripts/client-address.mjs");
    delete process.env.TRUSTED_PROXY_HOPS;
    expect(await seenAddress(SPOOFED)).toBe("127.0.0.1");
    expect(await seenAddress({})).toBe("127.0.0.1");
  });

  it("behind TRUSTED_PROXY_HOPS proxies, the entry the outermost one appended", async () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    expect(await seenAddress(SPOOFED)).toBe("203.0.113.9");
    process.env.TRUSTED_PROXY_HOPS = "2";
    expect(await seenAddress(SPOOFED)).toBe("7.7.7.7");
    // Fewer entries than proxies: the request did not come through them all; the socket counts.
    process.env.TRUSTED_PROXY_HOPS = "3";
    expect(await seenAddress(SPOOFED)).toBe("127.0.0.1");
  });
});

describe("addressBucket", () => {
  it("keeps an IPv4 address, unwraps an IPv4-mapped one, and groups IPv6 by its /64", () => {
    expect(addressBucket("203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucket("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucket("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressBucket("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
    expect(addressBucket("unknown")).toBe("unknown");
  });
});
