import "../validation/zod-in-browser";
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

export type JsonProblemKind = "too_deep" | "too_large" | "bad_text" | "non_finite" | "not_json";

export interface JsonProblem {
  kind: JsonProblemKind;
  /** Where, relative to the value checked (object keys and array indexes). */
  path: (string | number)[];
}

/**
 * Values one JSON document may hold. A 1 MiB body of tiny arrays holds ~500,000; no payload or
 * filter needs that many, and the bound keeps every walk below short and small.
 */
export const MAX_JSON_NODES = 100_000;

/** Objects JSON.parse makes (or a client-side JSON object): not arrays, Dates, Maps or class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * One container on the walk's stack, with its parent and its key in it instead of a copy of its
 * whole path, and a cursor over its children, so the stack holds one frame per level — never
 * one per value, however wide an array is.
 */
interface Frame {
  value: unknown[] | Record<string, unknown>;
  keys: string[] | null;
  next: number;
  depth: number;
  parent: Frame | null;
  key: string | number | null;
}

function pathOf(frame: Frame | null, last?: string | number): (string | number)[] {
  const path: (string | number)[] = last === undefined ? [] : [last];
  for (let f = frame; f && f.key !== null; f = f.parent) path.push(f.key);
  return path.reverse();
}

/**
 * The first reason a value cannot be stored exactly as sent, or null. Beyond depth and text:
 * a number JSON.parse turned into ±Infinity (1e400) would be written back as `null`, and a
 * value that is not JSON at all (a Date or Map a server action can carry) would change shape.
 *
 * Bounded in memory and time whatever comes in: the stack holds one frame per nesting level
 * (each with a parent link; a path is only built for the one problem reported — copying it per
 * value cost ~560 MB of heap per MiB of deeply nested arrays), the walk stops after
 * MAX_JSON_NODES values, and with `maxChars` it stops as soon as the JSON text is certainly
 * longer — a lower bound of its length counted on the way, so nothing is stringified before the
 * walk has bounded it.
 */
export function findJsonProblem(
  root: unknown,
  maxDepth = MAX_JSON_DEPTH,
  options: { maxChars?: number; maxNodes?: number } = {},
): JsonProblem | null {
  const maxNodes = options.maxNodes ?? MAX_JSON_NODES;
  const maxChars = options.maxChars ?? Infinity;
  let nodes = 0;
  let chars = 0;
  let top: Frame | null = null;
  let value: unknown = root;
  let key: string | number | null = null;
  for (;;) {
    // Visit `value` (the child `key` of `top`, or the root).
    if (++nodes > maxNodes) return { kind: "too_large", path: [] };
    if (typeof value === "string") {
      if (!isStorableText(value)) return { kind: "bad_text", path: pathOf(top, key ?? undefined) };
      chars += value.length + 2;
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) return { kind: "non_finite", path: pathOf(top, key ?? undefined) };
      chars += 1;
    } else if (value === null || typeof value === "boolean") {
      chars += 4;
    } else if (Array.isArray(value) || isPlainObject(value)) {
      const depth: number = top ? top.depth + 1 : 0;
      if (depth >= maxDepth) return { kind: "too_deep", path: pathOf(top, key ?? undefined) };
      const keys = Array.isArray(value) ? null : Object.keys(value);
      // "[]" / "{}", or brackets and commas: 1 + one per element (keys add their own text below).
      const length = keys ? keys.length : (value as unknown[]).length;
      chars += length ? 1 + length : 2;
      top = { value, keys, next: 0, depth, parent: top, key };
    } else {
      return { kind: "not_json", path: pathOf(top, key ?? undefined) };
    }
    if (chars > maxChars) return { kind: "too_large", path: [] };
    // The next value: the next child of the innermost container that has one left.
    while (top) {
      const length: number = top.keys ? top.keys.length : (top.value as unknown[]).length;
      if (top.next < length) break;
      top = top.parent;
    }
    if (!top) return null;
    const index: number = top.next++;
    if (top.keys) {
      // Object.keys lists own keys, "__proto__" included when JSON.parse made it one.
      key = top.keys[index]!;
      if (!isStorableText(key)) return { kind: "bad_text", path: pathOf(top) };
      chars += key.length + 3;
      value = (top.value as Record<string, unknown>)[key];
    } else {
      key = index;
      value = (top.value as unknown[])[index];
    }
  }
}

export const JSON_PROBLEM_MESSAGES: Record<JsonProblemKind, string> = {
  too_deep: `Nested deeper than ${MAX_JSON_DEPTH} levels`,
  too_large: `Too large: at most ${MAX_JSON_NODES.toLocaleString("en-US")} values`,
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
      const tooLong = {
        code: "custom" as const,
        message: `At most ${options.maxChars?.toLocaleString("en-US")} characters of JSON`,
      };
      const problem = findJsonProblem(value, MAX_JSON_DEPTH, { maxChars: options.maxChars });
      if (problem) {
        if (problem.kind === "too_large" && options.maxChars !== undefined) return void ctx.addIssue(tooLong);
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
      // Exact length only now: depth, values and a lower bound of the length are bounded.
      if (options.maxChars !== undefined && JSON.stringify(value).length > options.maxChars) ctx.addIssue(tooLong);
    });
}
