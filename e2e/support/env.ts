import os from "node:os";
import path from "node:path";

// The config is evaluated in the runner and again in every worker; the first evaluation fixes
// the values in the environment so all of them agree on one data dir and port.
process.env.E2E_DATA_DIR ||= path.join(os.tmpdir(), `hookline-e2e-${process.pid}-${Date.now()}`);
process.env.E2E_PORT ||= "3210";

const port = Number(process.env.E2E_PORT);

export const E2E = {
  external: Boolean(process.env.E2E_BASE_URL),
  baseUrl: process.env.E2E_BASE_URL || `http://127.0.0.1:${port}`,
  port,
  dataDir: process.env.E2E_DATA_DIR,
  password: process.env.E2E_PASSWORD || "e2e-demo-password",
  apiKey: process.env.E2E_API_KEY || "hk_e2e_0123456789abcdefghijklmnop",
  cronSecret: process.env.E2E_CRON_SECRET || "e2e-cron-secret",
  users: {
    admin: "admin@acme.test",
    lead: "lead@acme.test",
    viewer: "viewer@acme.test",
    otherOrgAdmin: "admin@globex.test",
  },
} as const;

export type E2ERole = "admin" | "lead" | "viewer" | "otherOrgAdmin";
