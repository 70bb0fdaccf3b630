import fc from "fast-check";
import type pg from "pg";

/**
 * A fixed seed so a failure reproduces: fast-check prints the seed and the path of the
 * shrunk counterexample, and `FUZZ_SEED=<seed> FUZZ_PATH=<path>` replays exactly that case.
 * `FUZZ_RUNS` runs more cases for a deeper local session.
 */
export function fuzzParameters(defaultRuns: number): fc.Parameters<unknown> {
  const path = process.env.FUZZ_PATH;
  return {
    seed: Number(process.env.FUZZ_SEED ?? 20_240_607),
    numRuns: Number(process.env.FUZZ_RUNS ?? defaultRuns),
    ...(path ? { path, endOnFailure: true } : {}),
    // Counterexamples hold megabyte strings; shrinking is worth it, but not for minutes.
    interruptAfterTimeLimit: 120_000,
  };
}

/** A vitest timeout that grows with FUZZ_RUNS (a deep local run takes minutes, not the default 60 s). */
export function fuzzTimeoutMs(defaultRuns: number): number {
  return 60_000 + Number(fuzzParameters(defaultRuns).numRuns) * 300;
}

export interface StringOptions {
  /** Unpaired UTF-16 surrogates (valid in JSON text as escapes, not storable by PostgreSQL). */
  loneSurrogates?: boolean;
  /** U+0000, which PostgreSQL text and jsonb cannot store. */
  nul?: boolean;
}

const NASTY = [
  "",
  " ",
  "   padded   ",
  "é",
  "e\u0301", // combining accent
  "\u202egnp.exe", // right-to-left override
  "zero\u200bwidth",
  "\ufeffbom",
  "👩‍👩‍👧‍👦",
  "𝕳𝖔𝖔𝖐",
  "中文字符",
  "\u00a0nbsp",
  "line\nbreak\r\n",
  "tab\there",
  "'; DROP TABLE activity_logs; --",
  "%_\\",
  "$1",
  "{}",
  "[]",
  "null",
  "__proto__",
  "constructor",
  "toString",
  "<script>alert(1)</script>",
  "\\u0000",
  "\u0007\u001b[31m",
  "\uffff\ufffe",
];

/** Strings that have broken parsers and databases before; never lone surrogates or NUL unless asked. */
export function nastyString(options: StringOptions = {}, maxLength = 40): fc.Arbitrary<string> {
  const parts: fc.Arbitrary<string>[] = [
    fc.constantFrom(...NASTY),
    fc.string({ maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
  ];
  if (options.nul) parts.push(fc.string({ unit: "binary", maxLength }), fc.constantFrom("\u0000", "a\u0000b"));
  else parts.push(fc.string({ unit: "binary", maxLength }).map((s) => s.replaceAll("\u0000", "")));
  if (options.loneSurrogates)
    parts.push(fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => `x${String.fromCharCode(code)}y`));
  return fc.oneof(...parts);
}

/** Object keys: nasty strings, "__proto__" included (a JSON value is stored with every key it was sent with). */
export function jsonKey(options: StringOptions = {}): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 9, arbitrary: nastyString(options, 12) },
    { weight: 1, arbitrary: fc.constant("__proto__") },
  );
}

/** JSON values whose strings and keys come from nastyString. */
export function nastyJson(options: StringOptions = {}, maxDepth = 4): fc.Arbitrary<unknown> {
  const key = jsonKey(options);
  const leaf = fc.oneof(
    nastyString(options),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324, 0),
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small", maxDepth }, leaf, tie("array"), tie("object")),
    array: fc.array(tie("value"), { maxLength: 5 }),
    object: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  }));
  return value;
}

/** `{"a":{"a":…1…}}` `depth` levels deep, as text (JSON.stringify of such an object would overflow first). */
export function deepObjectText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

export function deepArrayText(depth: number): string {
  return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
}

/**
 * Per table a row count, and for "checksum" tables also a digest of every row, to prove
 * "nothing changed". Counts suffice for tables a request can only insert into.
 */
export async function snapshotTables(
  pool: pg.Pool,
  tables: Record<string, "count" | "checksum">,
): Promise<Record<string, string>> {
  const selects = Object.entries(tables).map(([table, how]) =>
    how === "count"
      ? `(SELECT count(*)::text FROM ${table}) AS ${table}`
      : `(SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM ${table} t) AS ${table}`,
  );
  const { rows } = await pool.query<Record<string, string>>(`SELECT ${selects.join(", ")}`);
  return rows[0]!;
}

export function countOf(snapshotValue: string): number {
  return Number(snapshotValue.split(":")[0]);
}
