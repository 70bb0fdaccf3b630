// npm run bench:bundle — first-load JavaScript per page route of the last `next build`, the figure
// `next build` printed before Next 16 (its Turbopack output no longer does): the root chunks every
// page loads plus the client chunks of the route's layouts, loading states and page, in bytes and
// gzipped. Run after a build (`npm start` or `npx next build`).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const NEXT = path.resolve(import.meta.dirname, "../.next");
if (!existsSync(path.join(NEXT, "build-manifest.json"))) throw new Error("no .next build: run `npx next build` first");

type ClientManifest = { entryJSFiles?: Record<string, string[]> };
const buildManifest = JSON.parse(readFileSync(path.join(NEXT, "build-manifest.json"), "utf8")) as {
  rootMainFiles: string[];
};

/** Every page_client-reference-manifest.js under .next/server/app, by route key. */
function clientManifests(dir: string): Map<string, ClientManifest> {
  const found = new Map<string, ClientManifest>();
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      for (const [k, v] of clientManifests(full)) found.set(k, v);
    } else if (entry === "page_client-reference-manifest.js") {
      // The manifest is a script that assigns globalThis.__RSC_MANIFEST[route]; evaluate it in a scratch scope.
      const scope: { __RSC_MANIFEST?: Record<string, ClientManifest> } = {};
      new Function("globalThis", "self", readFileSync(full, "utf8"))(scope, scope);
      for (const [k, v] of Object.entries(scope.__RSC_MANIFEST ?? {})) found.set(k, v);
    }
  }
  return found;
}

const sizes = new Map<string, { raw: number; gzip: number }>();
function sizeOf(file: string): { raw: number; gzip: number } {
  let size = sizes.get(file);
  if (!size) {
    const bytes = readFileSync(path.join(NEXT, file.replace(/^\/_next\//, "")));
    size = { raw: bytes.length, gzip: gzipSync(bytes).length };
    sizes.set(file, size);
  }
  return size;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`.padStart(9);
const rows: string[] = [];
for (const [route, manifest] of [...clientManifests(path.join(NEXT, "server/app"))].sort()) {
  if (route.includes("/api/") || route.startsWith("/_")) continue;
  const page = `[project]/app${route}`;
  const dirs = page.replace(/\/page$/, "").split("/");
  // The route's own segments: each ancestor's layout/loading/template, and the page itself.
  const wanted = new Set([page]);
  for (let i = 2; i <= dirs.length; i++) {
    for (const kind of ["layout", "loading", "template"]) wanted.add(`${dirs.slice(0, i).join("/")}/${kind}`);
  }
  const files = new Set(buildManifest.rootMainFiles);
  for (const [key, chunks] of Object.entries(manifest.entryJSFiles ?? {})) {
    if (wanted.has(key)) chunks.forEach((c) => files.add(c));
  }
  const total = [...files].map(sizeOf).reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), {
    raw: 0,
    gzip: 0,
  });
  const label = route.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
  rows.push(`${label.padEnd(28)} ${kb(total.gzip)} gzip ${kb(total.raw)} raw  ${files.size} chunks`);
}
console.log("first-load JS per route (root chunks + the route's layouts, loading states and page)");
for (const row of rows) console.log(row);
