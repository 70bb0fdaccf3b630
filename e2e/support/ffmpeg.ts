import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

/**
 * Whether Playwright can record video, making it possible where it otherwise is not.
 *
 * Playwright records video with its own ffmpeg build, which `npx playwright install ffmpeg`
 * downloads from a CDN these machines cannot reach, and it has no setting to use another
 * ffmpeg. A distribution ffmpeg (Debian's, `apt-get install ffmpeg`; .ci/run installs it) does
 * the same job, so when Playwright's build is missing and /usr/bin/ffmpeg exists, it is linked
 * where Playwright looks for its own: <browsers dir>/ffmpeg-<revision>/ffmpeg-linux. Hand-written
 * because no package does this; it only ever adds that one link.
 */
export function ensureVideoRecorder(): boolean {
  const browsersDir = process.env.PLAYWRIGHT_BROWSERS_PATH || path.join(os.homedir(), ".cache", "ms-playwright");
  const present = () => existsSync(browsersDir) && readdirSync(browsersDir).some((d) => d.startsWith("ffmpeg"));
  if (present()) return true;
  const systemFfmpeg = "/usr/bin/ffmpeg";
  if (process.platform !== "linux" || process.arch !== "x64" || !existsSync(systemFfmpeg)) return false;
  try {
    const require = createRequire(import.meta.url);
    // browsers.json (the pinned revisions) is not in the package's exports; package.json is.
    const packageDir = path.dirname(require.resolve("playwright-core/package.json"));
    const browsers = JSON.parse(readFileSync(path.join(packageDir, "browsers.json"), "utf8")) as {
      browsers: { name: string; revision: string }[];
    };
    const revision = browsers.browsers.find((b) => b.name === "ffmpeg")?.revision;
    if (!revision) return false;
    const dir = path.join(browsersDir, `ffmpeg-${revision}`);
    mkdirSync(dir, { recursive: true });
    symlinkSync(systemFfmpeg, path.join(dir, "ffmpeg-linux"));
    return present();
  } catch {
    return false;
  }
}
