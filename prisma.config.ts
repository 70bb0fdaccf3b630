import { defineConfig } from "prisma/config";

// Migrations are applied by scripts/migrate.ts (see lib/db/migrate.ts); this file only tells
// the Prisma CLI where things are, for `prisma generate` and for machines that have its engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/hookline" },
});
