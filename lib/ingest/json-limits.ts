import { z } from "zod";

// PostgreSQL text and jsonb cannot store U+0000, jsonb refuses an unpaired UTF-16 surrogate
// (JSON.parse accepts "\ud800"; JSON.stringify writes it back as an escape jsonb rejects), and
// a deeply nested document would overflow the stack of JSON.stringify or the jsonb parser.
// Each would surface as a 500 from the database, so they are refused at validation time.
// Hand-written because no schema library checks JSON depth; the walk is iterative so the
// check itself cannot overflow.
export const MAX_JSON_DEPTH = 64;

export function hasNulChar(value: string): boolean {
  return value.includes("\u0000");
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/** Text PostgreSQL stores as sent: no NUL, no unpaired surrogate. */
export function isStorableText(value: string): boolean {
  return !hasNulChar(value) && !hasLoneSurrogate(value);
}

export type JsonProblemKind = "too_deep" | "bad_text" | "non_finite" | "not_json";

export interface JsonProblem {
  kind: JsonProblemKind;
  /** Where, relative to the value checked (object keys and array indexes). */
  path: (string | number)[];
}

/** Objects JSON.parse makes (or a client-side JSON object): not arrays, Dates, Maps or class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The first reason a value cannot be stored exactly as sent, or null. Beyond depth and text:
 * a number JSON.parse turned into ±Infinity (1e400) would be written back as `null`, and a
 * value that is not JSON at all (a Date or Map a server action can carry) would change shape.
 */
export function findJsonProblem(root: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | null {
  const stack: [unknown, number, (string | number)[]][] = [[root, 0, []]];
  while (stack.length) {
    const [value, depth, path] = stack.pop()!;
    if (typeof value === "string") {
      if (!isStorableText(value)) return { kind: "bad_text", path };
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) return { kind: "non_finite", path };
    } else if (value === null || typeof value === "boolean") {
      continue;
    } else if (Array.isArray(value)) {
      if (depth >= maxDepth) return { kind: "too_deep", path };
      value.forEach((item, index) => stack.push([item, depth + 1, [...path, index]]));
    } else if (isPlainObject(value)) {
      if (depth >= maxDepth) return { kind: "too_deep", path };
      // Object.entries lists own keys, "__proto__" included when JSON.parse made it one.
      for (const [key, item] of Object.entries(value)) {
        if (!isStorableText(key)) return { kind: "bad_text", path };
        stack.push([item, depth + 1, [...path, key]]);
      }
    } else {
      return { kind: "not_json", path };
    }
  }
  return null;
}

export const JSON_PROBLEM_MESSAGES: Record<JsonProblemKind, string> = {
  too_deep: `Nested deeper than ${MAX_JSON_DEPTH} levels`,
  bad_text: "Strings must be valid Unicode without NUL (\\u0000) characters",
  non_finite: "Numbers must be finite (this one is too large to store, like 1e400)",
  not_json: "Must be plain JSON (strings, numbers, booleans, null, arrays and objects)",
};

/**
 * A JSON object, checked in place and passed through untouched. z.record would copy it key by
 * key onto a fresh object, where a "__proto__" key (an ordinary own key after JSON.parse) sets
 * the prototype instead of being kept — a payload would lose it, and an event filter
 * {"__proto__": {...}} would become {} and match everything. A problem is reported at its own
 * path ("payload.a.b"), or with `problemsAtRoot` on the value itself naming the key (for a
 * form that shows errors per field). `maxChars` bounds the JSON text.
 */
export function jsonObjectSchema(
  notObjectMessage: string,
  options: { problemsAtRoot?: boolean; maxChars?: number } = {},
) {
  // abort: false keeps an object-level refinement around this field running when it fails (as
  // it does for every other field), so a form still gets all its field errors at once.
  return z
    .custom<Record<string, unknown>>(isPlainObject, { message: notObjectMessage, abort: false })
    .superRefine((value, ctx) => {
      if (!isPlainObject(value)) return;
      const problem = findJsonProblem(value);
      if (problem) {
        // Too deep is about the whole value (its path would be 64 keys long).
        const path = problem.kind === "too_deep" ? [] : problem.path;
        const where = path.length ? ` (at ${path.join(".")})` : "";
        ctx.addIssue(
          options.problemsAtRoot
            ? { code: "custom", message: `${JSON_PROBLEM_MESSAGES[problem.kind]}${where}` }
            : { code: "custom", message: JSON_PROBLEM_MESSAGES[problem.kind], path },
        );
        return;
      }
      // Only after the walk: the depth is bounded then, so stringify cannot overflow the stack.
      if (options.maxChars !== undefined && JSON.stringify(value).length > options.maxChars)
        ctx.addIssue({
          code: "custom",
          message: `At most ${options.maxChars.toLocaleString("en-US")} characters of JSON`,
        });
    });
}
