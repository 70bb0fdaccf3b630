import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../lib/api/openapi";
import { GET } from "../../app/api/v1/openapi.json/route";

const ROOT = path.resolve("app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** app/api/v1/destinations/[id]/route.ts → /api/v1/destinations/{id} */
function openApiPath(file: string): string {
  const rel = path.relative(ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
  return `/api/v1${rel.map((s) => `/${s.replace(/^\[(.+)\]$/, "{$1}")}`).join("")}`;
}

describe("OpenAPI document", () => {
  const paths = openApiDocument.paths as Record<string, Record<string, unknown>>;

  it("describes every route file and each method it exports", async () => {
    const files = routeFiles(ROOT);
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const file of files) {
      const route = openApiPath(file);
      expect(
        paths,
        `${route} (${path.relative(process.cwd(), file)}) is missing from lib/api/openapi.ts`,
      ).toHaveProperty([route]);
      const mod = (await import(file)) as Record<string, unknown>;
      const exported = METHODS.filter((m) => typeof mod[m] === "function").map((m) => m.toLowerCase());
      const documented = Object.keys(paths[route]!).filter((k) => k !== "parameters");
      expect(documented.sort(), route).toEqual(exported.sort());
    }
  });

  it("has no path without a route file", () => {
    const routes = new Set(routeFiles(ROOT).map(openApiPath));
    for (const documented of Object.keys(paths)) expect(routes.has(documented), documented).toBe(true);
  });

  it("resolves every $ref and is served as JSON", async () => {
    const text = JSON.stringify(openApiDocument);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) {
      expect(openApiDocument.components.schemas, name).toHaveProperty([name!]);
    }
    const res = GET();
    expect(res.status).toBe(200);
    expect((await res.json()).openapi).toBe("3.1.0");
  });
});
