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

/**
 * Secrets the product needs but the operator did not give: generated once and kept in
 * `$DATA_DIR/secrets.json` (mode 0600) so sessions and encrypted columns survive restarts.
 * Values from the environment always win and are never written to disk.
 */
export function ensureGeneratedSecrets(): Record<GeneratedSecretName, string> {
  const file = path.join(dataDir(), "secrets.json");
  const stored: Partial<Record<GeneratedSecretName, string>> = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Partial<Record<GeneratedSecretName, string>>)
    : {};
  let changed = false;
  const result = {} as Record<GeneratedSecretName, string>;
  for (const name of Object.keys(GENERATED_SECRETS) as GeneratedSecretName[]) {
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
