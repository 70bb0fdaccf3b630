// npm run db:seed — the demo data set (idempotent). SEED_ADMIN_PASSWORD / SEED_API_KEY (ingest) /
// SEED_MANAGE_API_KEY (manage) make it deterministic; otherwise generated values are printed once.
import { ensureGeneratedSecrets } from "../lib/config/data-dir";
import { closeDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { resolveDatabase } from "../lib/db/runtime-database";
import { seedDemoData } from "../lib/seed/demo-seed";
import { assertEncryptionKey } from "../lib/crypto/verify-encryption-key";
import { printSeedReport } from "../lib/seed/print-report";
import { seedOptionsFromEnv } from "../lib/seed/seed-options-from-env";

try {
  ensureGeneratedSecrets(["APP_ENCRYPTION_KEY"]);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const database = await resolveDatabase();
try {
  await migrateDatabase(database.url);
  // Seeding writes encrypted secrets: with another key than the app's, nobody could read them.
  await assertEncryptionKey();
  const port = process.env.PORT || "3000";
  const report = await seedDemoData(seedOptionsFromEnv(port));
  printSeedReport(report);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDb();
  await database.release();
}
