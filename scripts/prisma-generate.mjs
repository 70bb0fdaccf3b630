// Prisma 7's CLI fetches its schema engine on every command, from a host that is not
// reachable on every machine. `generate` never uses that engine, so pointing the variable at
// any existing file lets generation run offline.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
if (!existsSync("prisma/schema.prisma")) process.exit(0);
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
// prisma.config.ts reads DATABASE_URL; generate does not connect, so any value will do.
if (!env.DATABASE_URL) env.DATABASE_URL = "postgresql://localhost:5432/unused";
const cli = require.resolve("prisma/build/index.js");
const r = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
process.exit(r.status ?? 1);
