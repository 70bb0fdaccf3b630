import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SecretField } from "../../components/ui/secret-field";
import { SecretOnceDialog } from "../../components/ui/secret-once";

/** Attributes of every opening `<tag …>` in server-rendered markup, in document order. */
function tags(html: string, tag: string): { attrs: Record<string, string>; at: number }[] {
  return [...html.matchAll(new RegExp(`<${tag}(\\s[^>]*)?>`, "g"))].map((m) => ({
    attrs: Object.fromEntries([...(m[1] ?? "").matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
    at: m.index,
  }));
}

/** The text of the element with this id (elements here hold no nested element of their own tag). */
function textOf(html: string, id: string): string {
  const match = html.match(new RegExp(`<(\\w+)[^>]*\\sid="${id}"[^>]*>([\\s\\S]*?)</\\1>`));
  if (!match) throw new Error(`no element #${id} in ${html}`);
  return match[2]!.replace(/<[^>]+>/g, "").trim();
}

const secret = "whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw==";

describe("a secret shown in full has an accessible label and a named copy button", () => {
  it("names the group holding the value with its visible label, and keeps the value a <code>", () => {
    const html = renderToStaticMarkup(
      createElement(SecretField, { label: "Signing secret", value: secret, testId: "revealed-secret" }),
    );
    const [group] = tags(html, "div").filter((t) => t.attrs.role === "group");
    expect(group, "a role=group").toBeDefined();
    expect(textOf(html, group!.attrs["aria-labelledby"]!)).toBe("Signing secret");
    const [code] = tags(html, "code");
    expect(code!.attrs["data-testid"]).toBe("revealed-secret");
    expect(code!.at).toBeGreaterThan(group!.at);
    expect(html.match(/<code[^>]*>([^<]*)<\/code>/)![1]).toBe(secret);
  });

  it("gives the copy button a name that says what it copies", () => {
    const copyName = (label: string) =>
      tags(renderToStaticMarkup(createElement(SecretField, { label, value: "x" })), "button")[0]!.attrs["aria-label"];
    expect(copyName("Signing secret")).toBe("Copy signing secret");
    expect(copyName("Password")).toBe("Copy password");
    expect(copyName("API key")).toBe("Copy API key");
  });

  it("describes the group with its hint", () => {
    const html = renderToStaticMarkup(
      createElement(SecretField, { label: "Previous signing secret", value: secret, hint: "Still signs for a day." }),
    );
    const [group] = tags(html, "div").filter((t) => t.attrs.role === "group");
    expect(textOf(html, group!.attrs["aria-describedby"]!)).toBe("Still signs for a day.");
  });

  it.each([
    ["New signing secret", "Signing secret", "Copy signing secret"],
    ['API key "ci"', "API key", "Copy API key"],
    ["Password for a@b.test", "Password", "Copy password"],
  ])("the shown-once dialog %j carries the field labelled %j", (title, label, copy) => {
    const html = renderToStaticMarkup(
      createElement(SecretOnceDialog, { open: true, onOpenChange: () => {}, title, label, secret }),
    );
    const [group] = tags(html, "div").filter((t) => t.attrs.role === "group");
    expect(textOf(html, group!.attrs["aria-labelledby"]!)).toBe(label);
    expect(tags(html, "code").map((t) => t.attrs["data-testid"])).toEqual(["secret-value"]);
    expect(tags(html, "button").map((t) => t.attrs["aria-label"])).toContain(copy);
  });
});
