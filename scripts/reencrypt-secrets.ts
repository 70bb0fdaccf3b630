// npm run secrets:reencrypt — rewrites the stored secrets (signing secrets, auth credentials) in
// the secret box's current format: values from before the column binding (enc:v1:) get it.
// `npm start` does the same at every start; this is for deployments that run the Next.js server
// some other way.
//
// Rotating APP_ENCRYPTION_KEY: run it with the current key in APP_ENCRYPTION_KEY and the new one
// in NEW_APP_ENCRYPTION_KEY. Every value is rewritten under the new key and the database's key
// fingerprint becomes the new key's, in one transaction; then give every process the new key.
// Processes still on the old key hand their claimed deliveries back unsent and stop (worker,
// npm start) or answer 503 (/api/ready, the cron route, any write of a secret).
import { closeDb } from "../lib/db/client";
import { ensureGeneratedSecrets } from "../lib/config/data-dir";
import { KeyRotationRefusedError, reencryptSecrets } from "../lib/crypto/reencrypt-secrets";
import { verifyEncryptionKey } from "../lib/crypto/verify-encryption-key";
import { migrateDatabase } from "../lib/db/migrate";
import { resolveDatabase } from "../lib/db/runtime-database";

const log = (line: string) => console.log(`[hookline-secrets] ${line}`);
const fail = (line: string) => console.error(`[hookline-secrets] ${line}`);

try {
  ensureGeneratedSecrets(["APP_ENCRYPTION_KEY"]);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
const newKey = process.env.NEW_APP_ENCRYPTION_KEY || undefined;
const database = await resolveDatabase();
try {
  await migrateDatabase(database.url);
  // The current key must be the database's before anything is read with it.
  const check = await verifyEncryptionKey();
  if (!check.ok) throw new KeyRotationRefusedError(check.reason);
  const result = await reencryptSecrets({ toKey: newKey });
  log(
    result.rotated
      ? `rotated: ${result.rewritten} value(s) re-encrypted under NEW_APP_ENCRYPTION_KEY, whose fingerprint the database now holds`
      : `${result.rewritten} value(s) from before the column binding re-encrypted`,
  );
  for (const where of result.unreadable) fail(`left as it was (cannot be decrypted with APP_ENCRYPTION_KEY): ${where}`);
  if (result.rotated)
    log("now give every process (app, workers, cron, seed) APP_ENCRYPTION_KEY set to the new key and restart them");
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await closeDb();
  await database.release();
}
