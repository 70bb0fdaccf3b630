import os from "node:os";
import path from "node:path";

// The config is evaluated in the runner and again in every worker; the first evaluation fixes
// the values in the environment so all of them agree on one data dir and port.
process.env.E2E_DATA_DIR ||= path.join(os.tmpdir(), `hookline-e2e-${process.pid}-${Date.now()}`);
process.env.E2E_PORT ||= "3210";

const port = Number(process.env.E2E_PORT);
const external = Boolean(process.env.E2E_BASE_URL);

export type E2ERole = "admin" | "lead" | "viewer" | "otherOrgAdmin";

/**
 * Who signs in as each role. Locally these are the demo seed's logins with the password the
 * config passes as SEED_ADMIN_PASSWORD. Against a deployment they come from the environment:
 * E2E_<ROLE>_EMAIL and E2E_<ROLE>_PASSWORD (ROLE = ADMIN, LEAD, VIEWER, OTHER_ORG_ADMIN), each
 * password defaulting to E2E_PASSWORD. See e2e/README.md.
 */
const password = process.env.E2E_PASSWORD || "e2e-demo-password";
function account(envName: string, seededEmail: string): { email: string; password: string } {
  return {
    email: process.env[`E2E_${envName}_EMAIL`] || seededEmail,
    password: process.env[`E2E_${envName}_PASSWORD`] || password,
  };
}
const accounts: Record<E2ERole, { email: string; password: string }> = {
  admin: account("ADMIN", "admin@acme.test"),
  lead: account("LEAD", "lead@acme.test"),
  viewer: account("VIEWER", "viewer@acme.test"),
  otherOrgAdmin: account("OTHER_ORG_ADMIN", "admin@globex.test"),
};

export const E2E = {
  external,
  baseUrl: process.env.E2E_BASE_URL || `http://127.0.0.1:${port}`,
  port,
  dataDir: process.env.E2E_DATA_DIR,
  /** The seed password the local server is started with (SEED_ADMIN_PASSWORD). */
  password,
  /** The first organisation's key with the `ingest` scope (locally the seed's SEED_API_KEY). */
  apiKey: process.env.E2E_API_KEY || "hk_e2e_0123456789abcdefghijklmnop",
  /** The first organisation's key with the `manage` scope (locally the seed's SEED_MANAGE_API_KEY). */
  manageApiKey: process.env.E2E_MANAGE_API_KEY || "hk_e2e_manage_0123456789abcdefghij",
  cronSecret: process.env.E2E_CRON_SECRET || "e2e-cron-secret",
  /** The first organisation's name as the shell shows it (the demo seed's is "Acme"). */
  orgName: process.env.E2E_ORG_NAME || "Acme",
  accounts,
  /** Each role's email (shorthand for accounts[role].email). */
  users: Object.fromEntries(Object.entries(accounts).map(([role, a]) => [role, a.email])) as Record<E2ERole, string>,
  /**
   * The roles the suite signs in as. Against a deployment the read-only subset needs no second
   * organisation (only the cross-tenant journey does, and it creates data), so otherOrgAdmin is
   * signed in only when E2E_OTHER_ORG_ADMIN_EMAIL names one.
   */
  roles: (external && !process.env.E2E_OTHER_ORG_ADMIN_EMAIL
    ? ["admin", "lead", "viewer"]
    : ["admin", "lead", "viewer", "otherOrgAdmin"]) as E2ERole[],
} as const;
