import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// `import "server-only"` throws unless the module is resolved with the react-server condition,
// which Next.js sets for server code and tsx does not. So the marker may only be in modules the
// tsx entry points (npm start, db:seed, worker, the benchmarks) never load — unless package.json
// runs that script with `tsx --conditions=react-server` (bench:queries, which times the list
// modules); the modules they load stay unmarked and are kept out of client bundles by ESLint's
// layering rules instead. This walks the real import graph (runtime imports only: `import type`
// is erased) from every script.

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXTENSIONS = ["", ".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"];

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (!base) return null;
  for (const ext of EXTENSIONS) {
    const file = base + ext;
    if (existsSync(file) && !file.endsWith("/") && /\.(ts|tsx|mjs|js)$/.test(file)) return file;
  }
  return null;
}

/** Module specifiers a file loads at runtime. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.importClause?.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every file an entry point reaches, with the chain that leads to it (for the failure message). */
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const specifier of runtimeImports(file)) {
      const target = resolveLocal(file, specifier);
      if (!target || target.includes("/generated/") || seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      queue.push(target);
    }
  }
  return seen;
}

const relative = (file: string) => path.relative(ROOT, file);
/** Scripts package.json runs with the react-server condition, where server-only is an empty module. */
const SERVER_CONDITIONED = new Set(
  Object.values(
    (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
  )
    .map((command) => /\btsx\s+--conditions[= ]react-server\s+(scripts\/[\w.-]+\.ts)/.exec(command)?.[1])
    .filter((script): script is string => script !== undefined)
    .map((script) => path.join(ROOT, script)),
);
const SCRIPTS = readdirSync(path.join(ROOT, "scripts"))
  .filter((name) => name.endsWith(".ts"))
  .map((name) => path.join(ROOT, "scripts", name));

describe("server-only boundary", () => {
  it("no module a tsx script loads imports server-only", () => {
    const offenders: string[] = [];
    for (const script of SCRIPTS.filter((file) => !SERVER_CONDITIONED.has(file)))
      for (const [file, chain] of reachable(script))
        if (runtimeImports(file).includes("server-only")) offenders.push(chain.map(relative).join(" → "));
    expect(offenders).toEqual([]);
  });

  it("package.json runs bench:queries with the react-server condition (so the check above skips it)", () => {
    expect(SERVER_CONDITIONED).toContain(path.join(ROOT, "scripts/bench-queries.ts"));
  });

  it("the data-access modules only the app loads are marked server-only", () => {
    const fromScripts = new Set(
      SCRIPTS.filter((file) => !SERVER_CONDITIONED.has(file)).flatMap((script) => [...reachable(script).keys()]),
    );
    const marked = [
      "lib/users/manage-user.ts",
      "lib/users/create-user.ts",
      "lib/users/list-users.ts",
      "lib/api-keys/manage-api-keys.ts",
      "lib/actions/assert-owned.ts",
      "lib/api/dev-receiver.ts",
      "lib/ops/readiness.ts",
      "lib/destinations/reveal-signing-secret.ts",
      "lib/destinations/rotate-signing-secret.ts",
      "lib/destinations/set-destination-enabled.ts",
      "lib/destinations/list-event-types.ts",
    ];
    for (const file of marked) {
      expect(fromScripts.has(path.join(ROOT, file)), `${file} is loaded by a script`).toBe(false);
      expect(runtimeImports(path.join(ROOT, file)), file).toContain("server-only");
    }
  });
});
