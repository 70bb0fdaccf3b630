export const ROLES = ["admin", "lead", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * What each role may do. viewer: read everything in its org; lead: also destinations;
 * admin: everything, including failures, users and API keys.
 */
export const CAPABILITIES = {
  read: ["viewer", "lead", "admin"],
  manageDestinations: ["lead", "admin"],
  manageDeliveries: ["admin"],
  manageFailures: ["admin"],
  revealSecrets: ["admin"],
  manageUsers: ["admin"],
  manageApiKeys: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, capability: Capability): boolean {
  return (CAPABILITIES[capability] as readonly Role[]).includes(role);
}

/** Why a control is disabled, phrased for the person looking at it. */
export function deniedReason(capability: Capability): string {
  const roles = CAPABILITIES[capability] as readonly Role[];
  return roles.length === 1
    ? `Only ${roles[0]}s can do this`
    : `Only ${roles.slice(0, -1).join(", ")} and ${roles.at(-1)} roles can do this`;
}
