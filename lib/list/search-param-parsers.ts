import "../validation/zod-in-browser";
import {
  createLoader,
  createMultiParser,
  createParser,
  createSerializer,
  parseAsNumberLiteral,
  parseAsStringLiteral,
  type inferParserType,
  type LoaderInput,
  type MultiParserBuilder,
  type ParserMap as NuqsParserMap,
  type SingleParserBuilder,
} from "nuqs/server";
import { z } from "zod";
import { uuidString } from "../validation/uuid";

// Client-safe: the tables compute the canonical query of the address bar with these parsers.
//
// Each filter is one zod schema wrapped as a nuqs parser that keeps the schema beside it: the
// dashboard parses forgivingly (a bad value is dropped, so a stale or hand-edited link still
// shows a table) and the management API builds its strict query schema from the same schemas
// (a bad value is a 400 naming the parameter). nuqs has no zod bridge for this, hence the
// small wrappers below.

export type SchemaParser<T> = (SingleParserBuilder<T> | MultiParserBuilder<T>) & { readonly schema: z.ZodType<T> };

/** An id in a URL, any case; the filter holds it lower-case so equal filters compare equal. */
export const urlUuid = uuidString().transform((id) => id.toLowerCase());

const sameJson = <T>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

/** One value: `schema` parses the raw string. */
export function parseAsSchema<T>(schema: z.ZodType<T>, serialize: (value: T) => string = String): SchemaParser<T> {
  const parser = createParser<T>({
    parse: (raw) => {
      const result = schema.safeParse(raw);
      return result.success ? result.data : null;
    },
    serialize,
    eq: sameJson,
  });
  return Object.assign(parser, { schema });
}

/** Multi-select values travel as one comma-separated parameter: `status=dead,failed`. */
export function splitList(raw: string | null | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * A comma list (`status=dead,failed`; a repeated key is read too). The page keeps the valid
 * items, without repeats; the API's schema names each bad item (`status.0`).
 */
export function parseAsSchemaList<T>(item: z.ZodType<T>, max: number): SchemaParser<T[]> {
  const schema = z.preprocess(
    (value) => (typeof value === "string" ? splitList(value) : value),
    z.array(item).max(max),
  ) as unknown as z.ZodType<T[]>;
  const parser = createMultiParser<T[]>({
    parse: (raws) => {
      const values = raws.flatMap(splitList).flatMap((raw) => {
        const result = item.safeParse(raw);
        return result.success ? [result.data] : [];
      });
      const unique = [...new Set(values)].slice(0, max);
      return unique.length ? unique : null;
    },
    serialize: (values) => [values.map(String).join(",")],
    eq: sameJson,
  });
  return Object.assign(parser, { schema });
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO date or date-time; a date-only upper bound means "through the end of that day" (UTC). */
export function parseUrlDate(raw: string | undefined, upperBound: boolean): Date | undefined {
  if (!raw) return undefined;
  const date = new Date(DATE_ONLY.test(raw) ? `${raw}T00:00:00.000Z` : raw);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999) return undefined;
  if (upperBound && DATE_ONLY.test(raw)) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

/** A range bound: `to` is exclusive, so a picked day (`to=2026-01-31`) is moved to the next midnight. */
export function parseAsRangeDate(bound: "from" | "to"): SchemaParser<Date> {
  const schema = z.string().transform((raw, ctx) => {
    const date = parseUrlDate(raw, bound === "to");
    if (date) return date;
    ctx.addIssue({ code: "custom", message: "Must be a date or date-time (ISO 8601)" });
    return z.NEVER;
  });
  const parser = createParser<Date>({
    parse: (raw) => parseUrlDate(raw, bound === "to") ?? null,
    serialize: (date) => date.toISOString(),
    eq: (a, b) => a.getTime() === b.getTime(),
  });
  return Object.assign(parser, { schema });
}

/** The management API's range bound: an exact instant, a date-only value meaning its midnight. */
export const apiInstant = parseAsSchema(z.coerce.date("Must be an ISO 8601 date or date-time"), (d) => d.toISOString());

export interface SortSpec<C extends string> {
  by: C;
  order: "asc" | "desc";
}

/** `created_at.desc`; the order defaults to desc. Column ids are the tables' column ids. */
export function parseAsSort<C extends string>(columns: readonly C[]) {
  return createParser<SortSpec<C>>({
    parse: (raw) => {
      const [by, order = "desc"] = raw.split(".");
      if (!columns.includes(by as C) || (order !== "asc" && order !== "desc")) return null;
      return { by: by as C, order };
    },
    serialize: (sort) => `${sort.by}.${sort.order}`,
    eq: (a, b) => a.by === b.by && a.order === b.order,
  });
}

export const PER_PAGE_OPTIONS = [25, 50, 100] as const;
export type PerPage = (typeof PER_PAGE_OPTIONS)[number];
export const DEFAULT_PER_PAGE: PerPage = 50;

/** The dashboard's paging keys, the same on every keyset list. */
export const pagingParsers = {
  perPage: parseAsNumberLiteral(PER_PAGE_OPTIONS).withDefault(DEFAULT_PER_PAGE),
  /** Opaque; the list functions ignore one that does not belong to the current sort. */
  cursor: parseAsSchema(z.string().min(1).max(512)),
  direction: parseAsStringLiteral(["next", "prev"] as const).withDefault("next"),
};
/** `direction` travels as `dir=prev` (short, and the links written so far use it). */
export const pagingUrlKeys = { direction: "dir" } as const;

/** Non-filter keys of a dashboard list; bulk actions and exports leave them out of "the current filter". */
export const NOT_FILTER_KEYS = ["cursor", "dir", "perPage", "live"] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a map of any parsers; each is typed where it is defined
export type ParserMap = Record<string, SchemaParser<any>>;

/** The filter object the list functions take: only the keys that are set. */
export type FilterOf<M extends ParserMap> = { [K in keyof M]?: NonNullable<inferParserType<M[K]>> };

/** Picks the filter keys out of loaded values and leaves the unset ones out (the list modules test `!== undefined`). */
export function filterOf<M extends ParserMap>(parsers: M, values: Record<string, unknown>): FilterOf<M> {
  const filter: Record<string, unknown> = {};
  for (const key of Object.keys(parsers)) if (values[key] != null) filter[key] = values[key];
  return filter as FilterOf<M>;
}

export interface ListSearchState<F, S> {
  filter: F;
  sort: S;
  perPage: PerPage;
  cursor: string | null;
  direction: "next" | "prev";
}

/** Loaded URL values as the list functions take them: the filter apart from sort and paging. */
export function listStateOf<M extends ParserMap, S>(
  filterParsers: M,
  values: { sort: S; perPage: PerPage; cursor: string | null; direction: "next" | "prev" } & Record<string, unknown>,
): ListSearchState<FilterOf<M>, S> {
  const { sort, perPage, cursor, direction } = values;
  return { filter: filterOf(filterParsers, values), sort, perPage, cursor, direction };
}

/** What a dashboard table needs of its list spec: the URL keys it binds and the canonical query. */
export interface ListUrlSpec {
  /** Filter, sort and page-size keys: a change of any of them starts again from the first page. */
  keys: string[];
  /** The keyset cursor's keys. */
  cursorKeys: string[];
  /** The URL's state in canonical form (defaults left out): the server's and the client's agree. */
  canonicalQuery: (input: LoaderInput) => string;
}

export function listUrlSpec<M extends NuqsParserMap>(
  parsers: M,
  urlKeys: Partial<Record<keyof M, string>>,
): ListUrlSpec {
  const load = createLoader(parsers, { urlKeys });
  const serialize = createSerializer(parsers, { urlKeys });
  const all = Object.keys(parsers).map((key) => urlKeys[key] ?? key);
  const cursorKeys = ["cursor", pagingUrlKeys.direction];
  return {
    keys: all.filter((key) => !cursorKeys.includes(key)),
    cursorKeys,
    canonicalQuery: (input) => serialize(load(input)),
  };
}
