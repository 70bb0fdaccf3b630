import dns from "node:dns";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditActor } from "../../lib/audit/record-audit";
import {
  assertDestinationUrlAllowed,
  assertLiteralHostAllowed,
  DestinationAddressError,
  isDisallowedAddress,
} from "../../lib/dispatcher/address-guard";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { createDestination as saveDestination } from "../../lib/destinations/create-destination";
import { ValidationError } from "../../lib/errors";
import { attemptRows, deliveryRow, seedDeliveries, useDispatchTestbed } from "../dispatcher/support";
import { createDestination as storeDestinationRow } from "../helpers/fixtures";
import { redirectTo, startReceiver, type TestReceiver } from "../../test-support/receiver";

// SSRF variants of the address guard, with ALLOW_PRIVATE_DESTINATIONS unset as in production.
// Only 127.0.0.1 is ever connected to: the loopback spellings below point at this file's own
// receiver (so "the receiver got nothing" proves the block), other private ranges are checked
// with the guard functions alone, and public literals only with the save-time check, which
// must not even resolve them.

const system: AuditActor = { userId: null, label: "address guard test" };
const bed = useDispatchTestbed();
let target: TestReceiver;
let port: number;

/** Every way to write "this machine" that a URL parser or the kernel turns into loopback or any-address. */
const loopbackSpellings = () => [
  `http://2130706433:${port}/hook`, // decimal
  `http://0177.0.0.1:${port}/hook`, // octal
  `http://017700000001:${port}/hook`, // octal, one number
  `http://0x7f000001:${port}/hook`, // hex
  `http://0x7f.1:${port}/hook`, // hex, short form
  `http://0x7f.0x0.0x0.0x1:${port}/hook`,
  `http://127.1:${port}/hook`,
  `http://127.000.000.001:${port}/hook`,
  `http://127.0.0.1.:${port}/hook`, // trailing dot
  `http://127.0.0.1%2e:${port}/hook`, // percent-encoded trailing dot
  `http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:${port}/hook`, // fullwidth digits (IDNA maps them)
  `http://127\u30020\u30020\u30021:${port}/hook`, // ideographic full stops
  `http://\u246b\u2466.0.0.1:${port}/hook`, // enclosed digits ⑫⑦
  `http://127.255.255.254:${port}/hook`,
  `http://[::ffff:127.0.0.1]:${port}/hook`, // IPv4-mapped IPv6
  `http://[::ffff:7f00:1]:${port}/hook`,
  `http://[0:0:0:0:0:ffff:7f00:1]:${port}/hook`,
  `http://[::127.0.0.1]:${port}/hook`, // IPv4-compatible IPv6 (deprecated ::/96)
  `http://0.0.0.0:${port}/hook`, // "any" — Linux connects it to this host
  `http://0:${port}/hook`,
  `http://[::]:${port}/hook`,
  `http://[::1]:${port}/hook`,
  `HTTP://LOCALHOST:${port}/hook`, // a name resolving to loopback, in capitals
];

/** Private, shared, multicast, metadata and reserved ranges, v4 and v6. Never connected to. */
const otherPrivate = [
  "http://100.64.0.1/hook", // CGNAT
  "http://100.127.255.254/hook",
  "http://224.0.0.1/hook", // multicast
  "http://239.255.255.250/hook",
  "http://255.255.255.255/hook", // broadcast
  "http://169.254.169.254/latest/meta-data/", // cloud metadata (link-local)
  "http://[fd00::1]/hook", // unique local
  "http://[fe80::1]/hook", // link-local v6
  "http://[ff02::1]/hook", // multicast v6
  "http://[fd00:ec2::254]/latest/meta-data/", // AWS metadata over IPv6
  "http://10.0.0.1/hook",
  "http://172.16.0.1/hook",
  "http://192.168.1.1/hook",
  "http://198.18.0.1/hook", // benchmarking
  "http://192.0.0.1/hook", // IETF protocol assignments
  "http://240.0.0.1/hook", // reserved
  "http://[64:ff9b::7f00:1]/hook", // NAT64 of 127.0.0.1
  "http://[2002:7f00:1::]/hook", // 6to4 of 127.0.0.1
  "http://[::ffff:0:7f00:1]/hook", // SIIT of 127.0.0.1
  "http://[::ffff:a9fe:a9fe]/hook", // IPv4-mapped metadata address
];

async function destinationCount(): Promise<number> {
  const { rows } = await bed.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_destinations");
  return rows[0]!.n;
}

beforeAll(async () => {
  target = await startReceiver();
  port = bed.receiver.port;
});
beforeEach(() => {
  delete process.env.ALLOW_PRIVATE_DESTINATIONS;
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  process.env.ALLOW_PRIVATE_DESTINATIONS = "true";
  await target.close();
});

describe("address guard variants", () => {
  it("refuses every loopback and private spelling at save, through the real save path, storing nothing", async () => {
    const before = await destinationCount();
    for (const url of [...loopbackSpellings(), ...otherPrivate]) {
      await expect(assertDestinationUrlAllowed(url), url).rejects.toBeInstanceOf(DestinationAddressError);
      const saved = saveDestination(bed.orgId, { name: "ssrf", url }, system);
      await expect(saved, url).rejects.toBeInstanceOf(ValidationError);
      await saved.catch((error: ValidationError) =>
        expect(error.fieldErrors.url?.[0], url).toMatch(/private, loopback or reserved/),
      );
    }
    expect(await destinationCount()).toBe(before);
  });

  it("refuses at send the loopback spellings of rows already stored: attempts blocked, the receiver gets nothing", async () => {
    const urls = loopbackSpellings();
    const ids: string[] = [];
    for (const url of urls) {
      // Written directly, as if saved while private destinations were allowed.
      const destination = await storeDestinationRow(bed.pool, bed.orgId, {
        url,
        retryMax: 3,
        retryBackoffMs: 60_000,
        timeoutMs: 1000,
      });
      ids.push(...(await seedDeliveries(bed.pool, bed.orgId, destination.id, 1)));
    }
    expect(await runDispatchCycle()).toMatchObject({ claimed: urls.length, delivered: 0, failed: urls.length });
    expect(bed.receiver.requests).toHaveLength(0);
    for (const [index, id] of ids.entries()) {
      const [attempt] = await attemptRows(bed.pool, id);
      expect(attempt?.outcome, urls[index]).toBe("blocked");
      expect((await deliveryRow(bed.pool, id)).error_message, urls[index]).toMatch(/private, loopback or reserved/);
    }
  });

  it("the send-time literal check refuses the other private ranges before any connection", () => {
    for (const url of otherPrivate)
      expect(() => assertLiteralHostAllowed(new URL(url)), url).toThrow(DestinationAddressError);
  });

  it("does not follow a receiver's redirect to a private address: the 3xx is a failure and the target is never asked", async () => {
    // The first hop has to be this machine too, so private destinations are allowed for this
    // one case; the point is that no redirect is followed at all, to any address.
    process.env.ALLOW_PRIVATE_DESTINATIONS = "true";
    const statuses = [301, 302, 303, 307, 308];
    const ids: string[] = [];
    for (const status of statuses) {
      const path = `/r${status}`;
      const destination = await storeDestinationRow(bed.pool, bed.orgId, {
        url: `${bed.receiver.url.replace("/hook", path)}`,
        retryMax: 3,
        retryBackoffMs: 60_000,
      });
      ids.push(...(await seedDeliveries(bed.pool, bed.orgId, destination.id, 1)));
    }
    bed.receiver.respond((request, response) =>
      redirectTo(`${target.url.replace("/hook", "/internal")}`, Number(request.url.slice(2)))(request, response),
    );
    expect(await runDispatchCycle()).toMatchObject({ claimed: statuses.length, delivered: 0, failed: statuses.length });
    expect(bed.receiver.requests).toHaveLength(statuses.length);
    expect(target.requests).toHaveLength(0);
    for (const [index, id] of ids.entries()) {
      const row = await deliveryRow(bed.pool, id);
      expect(row.status).toBe("failed");
      expect(row.response_status).toBe(statuses[index]);
      expect(row.error_message).toBe(
        `redirect (HTTP ${statuses[index]}) not followed (to ${target.url.replace("/hook", "/internal")})`,
      );
      expect((await attemptRows(bed.pool, id))[0]?.outcome).toBe("http_error");
    }
  });

  it("passes public literals without resolving or contacting them", async () => {
    const lookup = vi.spyOn(dns.promises, "lookup");
    for (const url of [
      "http://8.8.8.8/hook",
      "https://1.1.1.1:8443/hook",
      "https://[2606:4700::1]/hook",
      "http://[2001:4860:4860::8888]/hook",
      "http://[::ffff:8.8.8.8]/hook",
    ]) {
      await expect(assertDestinationUrlAllowed(url), url).resolves.toBeInstanceOf(URL);
      expect(() => assertLiteralHostAllowed(new URL(url)), url).not.toThrow();
    }
    expect(lookup).not.toHaveBeenCalled();
    expect(isDisallowedAddress("8.8.8.8")).toBe(false);
    expect(isDisallowedAddress("2606:4700::1")).toBe(false);
  });

  it("refuses other schemes and credentials in the URL whatever the host", async () => {
    process.env.ALLOW_PRIVATE_DESTINATIONS = "true";
    for (const url of [
      "file:///etc/passwd",
      "gopher://127.0.0.1:70/",
      "ftp://8.8.8.8/",
      "javascript:alert(1)",
      "data:text/plain,hi",
      "ws://8.8.8.8/",
      "http://user:pass@8.8.8.8/",
      "http://[fe80::1%25eth0]/",
      "http://",
    ]) {
      await expect(assertDestinationUrlAllowed(url), url).rejects.toBeInstanceOf(DestinationAddressError);
    }
  });
});
