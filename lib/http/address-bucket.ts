import { isIPv4, isIPv6 } from "node:net";

/**
 * The unit a limit per client address counts. IPv4: the address (an IPv4-mapped IPv6 address is
 * the IPv4 one it wraps). IPv6: its /64 — one subscriber's network, inside which a client may
 * take a fresh address for every request. Hand-written: node:net validates addresses but has no
 * way to take a prefix of one, and this is the only place that needs it.
 */
export function addressBucket(address: string): string {
  const bare = address.replace(/%.*$/, ""); // a zone index names an interface, not a host
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (!isIPv6(bare)) return address;
  const groups = (part: string) => (part ? part.split(":") : []);
  const [head = "", tail] = bare.split("::");
  // A dotted IPv4 ending stands for the last two groups.
  const width = (part: string[]) => part.reduce((n, group) => n + (group.includes(".") ? 2 : 1), 0);
  const zeros = tail === undefined ? [] : Array<string>(8 - width(groups(head)) - width(groups(tail))).fill("0");
  const all = [...groups(head), ...zeros, ...groups(tail ?? "")];
  return `${all
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
