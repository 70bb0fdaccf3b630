import dns from "node:dns";
import type { LookupAddress, LookupOptions } from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";

/** Raised when a destination URL is not acceptable; `message` is safe to show a user. */
export class DestinationAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DestinationAddressError";
  }
}

export function privateDestinationsAllowed(): boolean {
  return process.env.ALLOW_PRIVATE_DESTINATIONS === "true";
}

const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");

/**
 * Only globally routable unicast addresses are deliverable. ipaddr.js classifies loopback,
 * private, link-local (cloud metadata at 169.254.169.254), CGNAT, multicast, unspecified,
 * reserved, and the IPv6 equivalents; IPv4-mapped IPv6 is judged as the IPv4 it carries.
 */
export function isDisallowedAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return true;
  }
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    // ::/96 held the deprecated IPv4-compatible addresses (::127.0.0.1). ipaddr.js calls them
    // unicast, but nothing public lives there and some stacks still route them to the IPv4 inside.
    if (v6.match(IPV4_COMPATIBLE)) return true;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  return parsed.range() !== "unicast";
}

/** Parses and checks the shape of a destination URL (no DNS). */
export function parseDestinationUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DestinationAddressError("Enter a full URL, like https://example.com/webhooks");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new DestinationAddressError("Only http:// and https:// URLs can receive webhooks");
  if (url.username || url.password)
    throw new DestinationAddressError("Put credentials in the auth settings, not in the URL");
  if (!url.hostname) throw new DestinationAddressError("The URL has no host");
  return url;
}

function literalHost(url: URL): string | null {
  // WHATWG URL parsing already turns decimal, octal and hex IPv4 forms into dotted quads.
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return net.isIP(host) ? host : null;
}

/**
 * The save-time check: http(s) only, and every address the host resolves to must be public
 * (unless ALLOW_PRIVATE_DESTINATIONS=true). The send-time check is `guardedLookup`.
 */
export async function assertDestinationUrlAllowed(raw: string): Promise<URL> {
  const url = parseDestinationUrl(raw);
  if (privateDestinationsAllowed()) return url;
  const literal = literalHost(url);
  if (literal) {
    if (isDisallowedAddress(literal))
      throw new DestinationAddressError(
        `${literal} is a private, loopback or reserved address; webhooks can only go to public hosts`,
      );
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await dns.promises.lookup(url.hostname, { all: true, verbatim: true });
  } catch {
    throw new DestinationAddressError(`${url.hostname} does not resolve`);
  }
  const bad = addresses.find((a) => isDisallowedAddress(a.address));
  if (bad)
    throw new DestinationAddressError(
      `${url.hostname} resolves to ${bad.address}, a private, loopback or reserved address`,
    );
  return url;
}

/** Send-time check for IP-literal URLs, which never go through a DNS lookup. */
export function assertLiteralHostAllowed(url: URL): void {
  if (privateDestinationsAllowed()) return;
  const literal = literalHost(url);
  if (literal && isDisallowedAddress(literal))
    throw new DestinationAddressError(`${literal} is a private, loopback or reserved address`);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for the HTTP client's sockets: it resolves the name and refuses to connect when
 * any answer is not public. Checking the address actually connected to (not a separate earlier
 * lookup) closes the DNS-rebinding gap.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, options.all ? [] : "", undefined);
    const list = addresses as LookupAddress[];
    if (!privateDestinationsAllowed()) {
      const bad = list.find((a) => isDisallowedAddress(a.address));
      if (bad) {
        const error = new DestinationAddressError(
          `${hostname} resolved to ${bad.address}, a private, loopback or reserved address`,
        ) as NodeJS.ErrnoException;
        error.code = "EADDRNOTPUBLIC";
        return callback(error, options.all ? [] : "", undefined);
      }
    }
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first)
      return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: "ENOTFOUND" }), "", undefined);
    callback(null, first.address, first.family);
  });
}
