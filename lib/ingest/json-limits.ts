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

export type JsonProblem = "too_deep" | "bad_text" | null;

export function jsonProblem(root: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (typeof value === "string") {
      if (!isStorableText(value)) return "bad_text";
    } else if (value && typeof value === "object") {
      if (depth >= maxDepth) return "too_deep";
      if (Array.isArray(value)) {
        for (const item of value) stack.push([item, depth + 1]);
      } else {
        for (const [key, item] of Object.entries(value)) {
          if (!isStorableText(key)) return "bad_text";
          stack.push([item, depth + 1]);
        }
      }
    }
  }
  return null;
}
