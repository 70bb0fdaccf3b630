// npm run db:migrate — applies prisma/migrations to DATABASE_URL (or the embedded database).
import { migrateDatabase } from "../lib/db/migrate";
import { resolveDatabase } from "../lib/db/runtime-database";

const database = await resolveDatabase();
try {
  const result = await migrateDatabase(database.url, { log: (line) => console.log(line) });
  console.log(
    result.applied.length
      ? `${result.applied.length} migration(s) applied`
      : `database is up to date (${result.alreadyApplied} migration(s))`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.release();
}
