import { readFileSync } from "node:fs";
import path from "node:path";
import { encode, type JWT } from "next-auth/jwt";
import { E2E } from "./env";

/**
 * The local server's NEXTAUTH_SECRET: the one the config passes with E2E_DATABASE_URL, else the
 * one the launcher generated into the run's data directory (lib/config/data-dir.ts).
 */
function serverSecret(): string {
  if (process.env.E2E_DATABASE_URL) return process.env.NEXTAUTH_SECRET ?? "e2e-nextauth-secret";
  const stored = JSON.parse(readFileSync(path.join(E2E.dataDir, "secrets.json"), "utf8")) as {
    NEXTAUTH_SECRET: string;
  };
  return stored.NEXTAUTH_SECRET;
}

/**
 * A session cookie made as next-auth makes one (its JWT encoding with the server's secret), with
 * the claims a test chooses — for sessions a browser cannot produce on demand, like one signed
 * in eight days ago.
 */
export async function sessionCookie(token: JWT): Promise<{ name: string; value: string; url: string }> {
  const secure = E2E.baseUrl.startsWith("https://");
  return {
    name: `${secure ? "__Secure-" : ""}next-auth.session-token`,
    value: await encode({ token, secret: serverSecret(), maxAge: 8 * 60 * 60 }),
    url: E2E.baseUrl,
  };
}
