import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SimpleTable } from "../../components/ui/simple-table";

// The API keys, users and destinations tables share this frame: their headers are what screen
// readers (and the e2e page objects, by role and name) find the columns by.
describe("SimpleTable", () => {
  it("names the table by its caption and every column by a header cell, the actions column for screen readers only", () => {
    const props: ComponentProps<typeof SimpleTable> = {
      caption: "API keys",
      columns: [{ label: "Name" }, { label: "Success", align: "right" }, { label: "Actions", labelHidden: true }],
      children: createElement("tr", null, createElement("td", null, "ingest key")),
    };
    const html = renderToStaticMarkup(createElement(SimpleTable, props));
    expect(html).toContain('<caption class="sr-only">API keys</caption>');
    const headers = [...html.matchAll(/<th scope="col" class="([^"]*)">(.*?)<\/th>/g)].map((m) => [m[1], m[2]]);
    expect(headers).toEqual([
      ["h-8 px-2 font-medium", "Name"],
      ["h-8 px-2 font-medium text-right", "Success"],
      ["h-8 px-2 font-medium", '<span class="sr-only">Actions</span>'],
    ]);
    expect(html).toContain("<tbody><tr><td>ingest key</td></tr></tbody>");
  });

  it("inside a card (plain) has no box of its own, pads left-aligned headers and keeps rows on one line on a phone if asked", () => {
    const props: ComponentProps<typeof SimpleTable> = {
      caption: "Deliveries of this event",
      variant: "plain",
      nowrapOnPhone: true,
      columns: [{ label: "Destination" }, { label: "Rate", align: "right" }],
      children: null,
    };
    const html = renderToStaticMarkup(createElement(SimpleTable, props));
    expect(html).toMatch(
      /^<div class="relative overflow-x-auto"><table class="w-full text-xs max-md:whitespace-nowrap">/,
    );
    expect([...html.matchAll(/<th scope="col" class="([^"]*)">/g)].map((m) => m[1])).toEqual([
      "pb-1 font-medium pr-2",
      "pb-1 font-medium text-right",
    ]);
  });
});
