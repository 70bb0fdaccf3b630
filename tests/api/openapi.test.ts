import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../lib/api/openapi";
import { GET } from "../../app/api/v1/openapi.json/route";
import { API_V1_ROOT, filesNamed, openApiPath } from "../helpers/app-files";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

describe("OpenAPI document", () => {
  const paths = openApiDocument.paths as Record<string, Record<string, unknown>>;

  it("describes every route file and each method it exports", async () => {
    const files = filesNamed(API_V1_ROOT, "route.ts");
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
    const routes = new Set(filesNamed(API_V1_ROOT, "route.ts").map(openApiPath));
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
