import path from "node:path";
import { E2E, type E2ERole } from "./env";

/**
 * Where a role's signed-in storage state is kept: one folder per server (host and port), because
 * each local run starts a server with its own NEXTAUTH_SECRET — two runs side by side (another
 * port, another checkout's suite) would otherwise overwrite each other's cookies.
 */
export function authFile(role: E2ERole): string {
  return path.join("e2e", ".auth", new URL(E2E.baseUrl).host.replace(/[^A-Za-z0-9.-]/g, "_"), `${role}.json`);
}
