import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";

/** Where the embedded database and generated secrets live (`DATA_DIR`, default `.data/`). */
export function dataDir(): string {
  const dir = path.resolve(process.env.DATA_DIR || ".data");
  mkdirSync(dir, { recursive: true });
  return dir;
}

const GENERATED_SECRETS = {
  NEXTAUTH_SECRET: () => randomBytes(32).toString("base64url"),
  APP_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
  CRON_SECRET: () => randomBytes(24).toString("base64url"),
} as const;

export type GeneratedSecretName = keyof typeof GENERATED_SECRETS;

export class MissingSecretError extends Error {}

/**
 * Secrets the product needs but the operator did not give: with the embedded database (no
 * DATABASE_URL), generated once and kept in `$DATA_DIR/secrets.json` (mode 0600) so sessions and
 * encrypted columns survive restarts. With DATABASE_URL set nothing is generated: several
 * processes share that database and must share the secrets too, so a missing one is an error
 * naming it. Values from the environment always win and are never written to disk.
 */
export function ensureGeneratedSecrets(
  needed: readonly GeneratedSecretName[] = Object.keys(GENERATED_SECRETS) as GeneratedSecretName[],
): Record<GeneratedSecretName, string> {
  if (process.env.DATABASE_URL) {
    const missing = needed.filter((name) => !process.env[name]);
    if (missing.length)
      throw new MissingSecretError(
        `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set. With DATABASE_URL set, Hookline generates ` +
          "no secrets: give every process (app, workers, cron, seed) the same NEXTAUTH_SECRET, APP_ENCRYPTION_KEY and CRON_SECRET.",
      );
    return Object.fromEntries(needed.map((name) => [name, process.env[name]!])) as Record<GeneratedSecretName, string>;
  }
  const file = path.join(dataDir(), "secrets.json");
  const stored: Partial<Record<GeneratedSecretName, string>> = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Partial<Record<GeneratedSecretName, string>>)
    : {};
  let changed = false;
  const result = {} as Record<GeneratedSecretName, string>;
  for (const name of needed) {
    const fromEnv = process.env[name];
    if (fromEnv) {
      result[name] = fromEnv;
      continue;
    }
    if (!stored[name]) {
      stored[name] = GENERATED_SECRETS[name]();
      changed = true;
    }
    result[name] = stored[name];
    process.env[name] = stored[name];
  }
  if (changed) writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return result;
}
