// PostgreSQL text and jsonb cannot store U+0000, and a deeply nested document would overflow
// the stack of JSON.stringify or the jsonb parser. Both would surface as a 500 from the
// database, so they are refused at validation time instead. Hand-written because no schema
// library checks JSON depth; the walk is iterative so the check itself cannot overflow.
export const MAX_JSON_DEPTH = 64;

export function hasNulChar(value: string): boolean {
  return value.includes("\u0000");
}

export type JsonProblem = "too_deep" | "nul_char" | null;

export function jsonProblem(root: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (typeof value === "string") {
      if (hasNulChar(value)) return "nul_char";
    } else if (value && typeof value === "object") {
      if (depth >= maxDepth) return "too_deep";
      if (Array.isArray(value)) {
        for (const item of value) stack.push([item, depth + 1]);
      } else {
        for (const [key, item] of Object.entries(value)) {
          if (hasNulChar(key)) return "nul_char";
          stack.push([item, depth + 1]);
        }
      }
    }
  }
  return null;
}
