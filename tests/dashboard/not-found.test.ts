import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sectionFor } from "../../components/shell/nav-links";
import { filesNamed } from "../helpers/app-files";

const APP = path.resolve("app");

const pages = (dir: string) => filesNamed(dir, "page.tsx");

/** Every loading.tsx from app/ down to the page's own folder: each one wraps the page in Suspense. */
function loadingBoundariesAbove(page: string): string[] {
  const found: string[] = [];
  for (let dir = path.dirname(page); dir.startsWith(APP); dir = path.dirname(dir)) {
    const loading = path.join(dir, "loading.tsx");
    if (existsSync(loading)) found.push(path.relative(APP, loading));
  }
  return found;
}

describe("not-found pages answer 404", () => {
  // A loading boundary streams its fallback, which sends the headers with 200 before the page
  // has looked anything up; a notFound() after that can only render the message, not the status.
  // notFound() directly, or through findOrNotFound (components/shell/detail-page.tsx).
  const detailPages = pages(APP).filter((file) => /\b(notFound\(\)|findOrNotFound\()/.test(readFileSync(file, "utf8")));

  it("finds the detail pages that call notFound()", () => {
    const routes = detailPages.map((file) => path.relative(APP, file).replace(/\\/g, "/")).sort();
    expect(routes).toEqual([
      "(dashboard)/activity/[id]/page.tsx",
      "(dashboard)/deliveries/[id]/page.tsx",
      "(dashboard)/destinations/[id]/page.tsx",
      "(dashboard)/failures/[id]/page.tsx",
    ]);
  });

  it.each(detailPages.map((file) => [path.relative(APP, file), file]))(
    "%s has no loading.tsx above it",
    (_route, file) => {
      expect(loadingBoundariesAbove(file)).toEqual([]);
    },
  );

  it("the list pages keep their loading skeleton", () => {
    for (const list of [
      "(dashboard)/(overview)/page.tsx",
      "(dashboard)/deliveries/(list)/page.tsx",
      "(dashboard)/failures/(list)/page.tsx",
      "(dashboard)/destinations/(list)/page.tsx",
      "(dashboard)/activity/(list)/page.tsx",
      "(dashboard)/settings/page.tsx",
    ]) {
      expect(loadingBoundariesAbove(path.join(APP, list)), list).toHaveLength(1);
    }
  });
});

describe("the not-found page's way back", () => {
  it("leads to the section the address is in", () => {
    expect(sectionFor("/deliveries/3f0c2b9e-0000-4000-8000-000000000000")).toMatchObject({
      href: "/deliveries",
      label: "Deliveries",
    });
    expect(sectionFor("/failures/not-a-number")).toMatchObject({ href: "/failures", label: "Failures" });
    expect(sectionFor("/destinations/new")).toMatchObject({ href: "/destinations" });
    expect(sectionFor("/activity/x")).toMatchObject({ href: "/activity" });
    expect(sectionFor("/settings")).toMatchObject({ href: "/settings" });
  });

  it("falls back to the overview, and does not take a prefix for a section", () => {
    expect(sectionFor("/")).toMatchObject({ href: "/", label: "Overview" });
    expect(sectionFor("/deliveriesx/1")).toMatchObject({ href: "/" });
    expect(sectionFor("/nowhere")).toMatchObject({ href: "/" });
  });
});
