import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { isHTTPAccessFallbackError } from "next/dist/client/components/http-access-fallback/http-access-fallback";
import { describe, expect, it } from "vitest";
import { DetailPage, findOrNotFound } from "../../components/shell/detail-page";
import { NotFoundError } from "../../lib/errors";

// The frame the four detail pages share: their way back to the list, and the 404 for an id
// that is not there (or belongs to another organisation).
describe("findOrNotFound", () => {
  it("hands back what was found", async () => {
    await expect(findOrNotFound(Promise.resolve({ id: "a" }))).resolves.toEqual({ id: "a" });
  });

  it("turns the domain's NotFoundError into Next's 404", async () => {
    const thrown = await findOrNotFound(Promise.reject(new NotFoundError("Delivery"))).catch((e) => e);
    expect(isHTTPAccessFallbackError(thrown)).toBe(true);
    expect((thrown as { digest: string }).digest).toMatch(/;404$/);
  });

  it("lets any other error through, to the error boundary", async () => {
    const other = new Error("database down");
    await expect(findOrNotFound(Promise.reject(other))).rejects.toBe(other);
  });
});

describe("DetailPage", () => {
  it("puts the link back to the list above the page", () => {
    const props: ComponentProps<typeof DetailPage> = {
      back: { href: "/deliveries", label: "Deliveries" },
      children: createElement("h1", null, "x"),
    };
    const html = renderToStaticMarkup(createElement(DetailPage, props));
    expect(html).toMatch(
      /^<div class="flex flex-col gap-4 max-w-6xl"><div class="text-xs"><a [^>]*href="\/deliveries"[^>]*>← Deliveries<\/a>/,
    );
    expect(html).toContain("<h1>x</h1>");
  });
});
