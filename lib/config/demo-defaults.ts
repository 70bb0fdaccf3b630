import ipaddr from "ipaddr.js";

/** Whether a listen address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  if (bare.toLowerCase() === "localhost") return true;
  if (!ipaddr.isValid(bare)) return false;
  const address = ipaddr.process(bare);
  return address.range() === "loopback";
}

export interface DemoDefaults {
  /** Variables to set where the environment did not set them. */
  env: Record<string, string>;
  /** One line for the start-up log, or null when there is nothing to say. */
  notice: string | null;
}

/**
 * The demo conveniences — the unauthenticated demo receiver (DEMO_MODE) and destinations on this
 * machine's addresses (ALLOW_PRIVATE_DESTINATIONS) — default on only for the embedded database
 * behind a loopback listener: a laptop. On any other listener they stay off unless set
 * explicitly, since they switch off the address guard for everyone who can reach the server.
 */
export function demoDefaultsFor(options: {
  embedded: boolean;
  host: string;
  env?: Record<string, string | undefined>;
}): DemoDefaults {
  const env = options.env ?? process.env;
  const explicit = env.DEMO_MODE !== undefined || env.ALLOW_PRIVATE_DESTINATIONS !== undefined;
  if (!options.embedded) return { env: {}, notice: null };
  if (isLoopbackHost(options.host)) {
    const defaults: Record<string, string> = {};
    if (env.DEMO_MODE === undefined) defaults.DEMO_MODE = "true";
    if (env.ALLOW_PRIVATE_DESTINATIONS === undefined) defaults.ALLOW_PRIVATE_DESTINATIONS = "true";
    return {
      env: defaults,
      notice: Object.keys(defaults).length
        ? `demo defaults on (${Object.keys(defaults).join(", ")}): listening on loopback ${options.host} only`
        : null,
    };
  }
  return {
    env: {},
    notice: explicit
      ? null
      : `listening on ${options.host}, not loopback: demo defaults off (DEMO_MODE and ALLOW_PRIVATE_DESTINATIONS stay false unless set)`,
  };
}
