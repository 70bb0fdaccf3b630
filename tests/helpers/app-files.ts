import { readdirSync } from "node:fs";
import path from "node:path";

/** app/api/v1, absolute: the public API's route files live below it. */
export const API_V1_ROOT = path.resolve("app/api/v1");

/** Every file called `name` (route.ts, page.tsx) below `dir`, as absolute paths, so a test can hold the tree to a list. */
export function filesNamed(dir: string, name: string): string[] {
  return readdirSync(path.resolve(dir), { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(path.resolve(dir), entry.name);
    if (entry.isDirectory()) return filesNamed(full, name);
    return entry.name === name ? [full] : [];
  });
}

/** app/api/v1/destinations/[id]/route.ts → /api/v1/destinations/{id}: the route's path as the OpenAPI document writes it. */
export function openApiPath(file: string): string {
  const rel = path.relative(API_V1_ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
  return `/api/v1${rel.map((s) => `/${s.replace(/^\[(.+)\]$/, "{$1}")}`).join("")}`;
}
