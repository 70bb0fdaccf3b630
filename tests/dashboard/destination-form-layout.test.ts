import { createElement, type ComponentProps, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AppRouterContext } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { beforeAll, describe, expect, it } from "vitest";
import { createDestinationAction } from "@/actions/destinations";
import { DestinationForm } from "../../components/destinations/destination-form";
import { Field, Input, fieldControlProps } from "../../components/ui/input";
import type { SessionUser } from "../../lib/auth/session";
import { getDestination } from "../../lib/destinations";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";
import { sessionUser } from "./session-users";

/**
 * Server-side field errors arrive after a click on the submit button. If they take space that
 * was not there before, everything below them — the button too — moves out from under the
 * pointer. These tests pin the layout rule: each field's error line exists (empty) before any
 * error, and the form-level message sits beside the buttons, not above them.
 */

// useRouter() needs the app router's context; nothing here navigates, so its methods do nothing.
const router = { back() {}, forward() {}, refresh() {}, hmrRefresh() {}, push() {}, replace() {}, prefetch() {} };
const render = (element: ReactElement) =>
  renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: router as never }, element));

/** A Field around one control (createElement's children argument does not satisfy Field's required prop type). */
function field(props: Omit<ComponentProps<typeof Field>, "children">, control: ReactElement): ReactElement {
  const withChild: ComponentProps<typeof Field> = { ...props, children: control };
  return createElement(Field, withChild);
}

/** The markup with text and ids taken out: what decides the boxes, not what they say. */
const skeleton = (html: string) =>
  html.replace(/>[^<]+</g, "><").replace(/ (id|aria-describedby|aria-invalid|for)="[^"]*"/g, "");

let db: TestDatabase;
let admin: SessionUser;
let orgId: string;

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  admin = await sessionUser(db.pool, orgId, "admin");
});

describe("a field with reserved error space", () => {
  it("has the same boxes with the server's error as without, and still ties the error to the control", async () => {
    const result = await createDestinationAction.run(admin, {
      name: "Layout",
      url: "https://user:secret@127.0.0.1/hook",
      authType: "none",
    });
    expect(result.ok).toBe(false);
    const errors = !result.ok ? result.fieldErrors?.url : undefined;
    expect(errors, "a real server-side URL error").toEqual(["Put credentials in the auth settings, not in the URL"]);

    const urlField = (e: string[] | undefined) =>
      renderToStaticMarkup(
        field(
          { id: "f-url", label: "URL", description: "http(s) only.", errors: e, reserveErrorSpace: true },
          createElement(Input, fieldControlProps("f-url", e, true)),
        ),
      );
    const before = urlField(undefined);
    const after = urlField(errors);
    expect(skeleton(after)).toBe(skeleton(before));
    expect(before).toMatch(/<p id="f-url-error" role="alert" class="[^"]*min-h-4[^"]*"><\/p>/);
    expect(after).toContain(
      `<p id="f-url-error" role="alert" class="text-xs text-red-600 dark:text-red-400 min-h-4">${errors![0]}</p>`,
    );
    expect(after).toMatch(
      /<input [^>]*id="f-url" aria-invalid="true" aria-describedby="f-url-description f-url-error"/,
    );
    expect(before).toMatch(/<input [^>]*id="f-url" aria-describedby="f-url-description"\/>/);
  });

  it("without the option, an error-free field keeps no empty line (other forms unchanged)", () => {
    expect(renderToStaticMarkup(field({ id: "x", label: "X" }, createElement(Input, { id: "x" })))).not.toContain(
      "x-error",
    );
  });
});

describe("the destination form", () => {
  const fieldsWithErrorLine = (html: string) =>
    [...html.matchAll(/<p id="(destination-[\w]+)-error" role="alert"/g)].map((m) => m[1]);
  const labelledControls = (html: string) =>
    [...html.matchAll(/<label for="(destination-[\w]+)"/g)]
      .map((m) => m[1])
      .filter((id) => id !== "destination-eventFilter");

  it("reserves an error line under every field before any error (create)", () => {
    const html = render(createElement(DestinationForm, { eventTypeSuggestions: ["order.created"] }));
    const controls = labelledControls(html);
    expect(controls).toEqual([
      "destination-name",
      "destination-url",
      "destination-authType",
      "destination-eventTypes",
      "destination-batchSize",
      "destination-timeoutMs",
      "destination-retryMax",
      "destination-retryBackoffMs",
    ]);
    expect(fieldsWithErrorLine(html)).toEqual(controls);
    // The event filter's status line is always there and takes its errors in place.
    expect(html).toContain('id="destination-eventFilter-status"');
  });

  it.each([
    ["basic", { username: "u", password: "p" }, ["destination-username", "destination-password"]],
    ["bearer", { token: "t" }, ["destination-token"]],
    ["header", { name: "X-Api-Key", value: "v" }, ["destination-headerName", "destination-headerValue"]],
  ] as const)("reserves the error lines of the %s auth fields (edit)", async (authType, authConfig, authFields) => {
    const { id } = await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/layout", authType, authConfig });
    const destination = await getDestination(orgId, id);
    const html = render(createElement(DestinationForm, { destination, eventTypeSuggestions: [] }));
    for (const field of authFields) expect(fieldsWithErrorLine(html)).toContain(field);
    expect(fieldsWithErrorLine(html)).toEqual(labelledControls(html));
  });

  it("puts the buttons first after the fields, with the form's own message beside them", () => {
    const html = render(createElement(DestinationForm, { eventTypeSuggestions: [] }));
    const between = html.slice(
      html.indexOf("</fieldset>") + "</fieldset>".length,
      html.indexOf('<button type="submit"'),
    );
    // Nothing that could grow sits between the last field and the submit button: only the row's wrappers.
    expect(between).toMatch(/^(<div class="[^"]*">)+$/);
    const row = between.match(/<div class="([^"]*)">/)![1];
    expect(row).toContain("items-start");
    // The message slot comes after the buttons in the same row.
    const afterSubmit = html.slice(html.indexOf('<button type="submit"'));
    expect(afterSubmit).toMatch(
      /Create destination<\/button>.*Cancel<\/button><\/div><div class="min-w-0 flex-1"><\/div><\/div>/s,
    );
  });
});
