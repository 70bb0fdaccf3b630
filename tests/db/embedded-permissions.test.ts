import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../lib/db/embedded";

// As root, initdb runs as the `postgres` system user: a DATA_DIR below a folder that user cannot
// enter used to fail with initdb's bare "Permission denied". Now the start stops before initdb
// with one line naming the folder and what to do.
const root = mkdtempSync(path.join(os.tmpdir(), "hookline-perm-"));
chmodSync(root, 0o711);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.runIf(process.platform !== "win32" && process.getuid?.() === 0)("the embedded database as root", () => {
  it("names the folder the server's user cannot enter, and what to do", async () => {
    const closed = path.join(root, "private");
    mkdirSync(path.join(closed, "data"), { recursive: true });
    chmodSync(closed, 0o700);
    const error = await startEmbeddedPostgres({ dir: path.join(closed, "data", "pg") }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/system user "postgres", which cannot enter .*private \(mode 700\)/);
    expect(error?.message).toMatch(/chmod o\+x .*private/);
  });

  it("starts once the folder lets the server's user pass", async () => {
    const open = path.join(root, "open");
    mkdirSync(path.join(open, "data"), { recursive: true });
    chmodSync(open, 0o711);
    const database = await startEmbeddedPostgres({ dir: path.join(open, "data", "pg"), ephemeralDurability: true });
    try {
      expect(database.url).toMatch(/^postgresql:\/\//);
    } finally {
      await database.stop();
    }
  });
});
