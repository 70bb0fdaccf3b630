import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startEmbeddedPostgres } from "../../lib/db/embedded";

// As root, initdb and the server run as the `postgres` system user: a DATA_DIR below a folder that
// user cannot enter used to fail with initdb's bare "Permission denied", and a cluster folder owned
// by root (copied or restored as root) with "exited early". Now the start stops before initdb (or
// before the server) with one line naming the folder and what to do, and the cluster's own folder
// is given to the server's user.
const root = mkdtempSync(path.join(os.tmpdir(), "hookline-perm-"));
chmodSync(root, 0o711);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const startError = (dir: string) =>
  startEmbeddedPostgres({ dir, ephemeralDurability: true }).then(
    async (database) => {
      await database.stop();
      return null;
    },
    (e: unknown) => e as Error,
  );

const postgresUid = () => Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());

describe.runIf(process.platform !== "win32" && process.getuid?.() === 0)("the embedded database as root", () => {
  it("names the folder the server's user cannot enter, and what to do, before initdb", async () => {
    const closed = path.join(root, "private");
    mkdirSync(path.join(closed, "data"), { recursive: true });
    chmodSync(closed, 0o700);
    const error = await startError(path.join(closed, "data", "pg"));
    expect(error?.message).toMatch(/system user "postgres", which cannot enter .*private \(mode 700\)/);
    expect(error?.message).toMatch(/chmod o\+x .*private/);
    expect(error?.message).not.toMatch(/\n/);
    // Nothing was left half-made for the next try.
    expect(readdirSync(path.join(closed, "data"))).toEqual([]);
  });

  it("starts once the folder lets the server's user pass; a cluster closed off later is named, not 'exited early'", async () => {
    const folder = path.join(root, "open");
    const dir = path.join(folder, "data", "pg");
    mkdirSync(path.join(folder, "data"), { recursive: true });
    chmodSync(folder, 0o711);
    expect(await startError(dir)).toBeNull();
    expect(statSync(dir).uid).toBe(postgresUid());

    chmodSync(folder, 0o700);
    const error = await startError(dir);
    expect(error?.message).toMatch(/which cannot enter .*open \(mode 700\).*chmod o\+x .*open$/);
    chmodSync(folder, 0o711);
  });

  it("gives a cluster folder owned by root (copied or restored as root) back to the server's user and starts", async () => {
    const dir = path.join(root, "restored", "pg");
    mkdirSync(path.dirname(dir), { recursive: true });
    expect(await startError(dir)).toBeNull();
    execFileSync("chown", ["-R", "0:0", dir]);
    expect(statSync(path.join(dir, "postgresql.conf")).uid).toBe(0);

    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(await startError(dir)).toBeNull();
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/gave .*restored\/pg to the system user "postgres"/));
    } finally {
      warn.mockRestore();
    }
    for (const file of ["", "postgresql.conf", "base", "global/pg_control"])
      expect(statSync(path.join(dir, file)).uid, file || dir).toBe(postgresUid());
  });
});
