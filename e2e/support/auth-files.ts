import path from "node:path";
import type { E2ERole } from "./env";

export function authFile(role: E2ERole): string {
  return path.join("e2e", ".auth", `${role}.json`);
}
