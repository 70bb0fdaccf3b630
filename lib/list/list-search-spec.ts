import "../validation/zod-in-browser";
import { createLoader, createSearchParamsCache, createSerializer, type LoaderInput } from "nuqs/server";
import {
  listStateOf,
  listUrlSpec,
  pagingParsers,
  pagingUrlKeys,
  parseAsSort,
  type FilterOf,
  type ListSearchState,
  type ParserMap,
  type SortSpec,
} from "./search-param-parsers";

// Client-safe, like the parsers: the tables bind `url`, links serialize with `serialize`.

/**
 * One keyset list's URL spec, built the same way for every such list from its filter parsers
 * and sorts: filters, `sort` and the paging keys, read and written under the same URL keys by
 * the page (cache), the links and the table's canonical query (serializer), and turned into
 * the list function's filter and options (parse).
 */
export function listSearchSpec<M extends ParserMap, C extends string>(
  filterParsers: M,
  sorts: { columns: readonly C[]; defaultSort: SortSpec<C> },
) {
  // Spelled out: spread over a generic map, TypeScript would infer the filter keys alone.
  const parsers: ListParsers<M, C> = {
    ...filterParsers,
    sort: sortParser(sorts.columns, sorts.defaultSort),
    ...pagingParsers,
  };
  // A fixed map of paging keys fits any list's parsers; TypeScript cannot see that over generic keys.
  const urlKeys = pagingUrlKeys as Partial<Record<keyof ListParsers<M, C>, string>>;
  const load = createLoader<ListParsers<M, C>>(parsers, { urlKeys });
  return {
    parsers,
    /** For the server page: parse once per request, read anywhere below it. */
    cache: createSearchParamsCache<ListParsers<M, C>>(parsers, { urlKeys }),
    load,
    /** Links and the canonical query: defaults are left out, so equal states give equal strings. */
    serialize: createSerializer<ListParsers<M, C>>(parsers, { urlKeys }),
    /** The table's binding: URL keys and the canonical query of the address bar. */
    url: listUrlSpec(parsers, urlKeys),
    /**
     * The page's state from a URL. Never throws: an unknown value is dropped, a bad date or
     * number is ignored, a bad sort or page size falls back to the default — a hand-edited or
     * stale link shows a sensible table, not an error page.
     */
    parse: (params: LoaderInput): ListSearchState<FilterOf<M>, SortSpec<C>> => listStateOf(filterParsers, load(params)),
  };
}

function sortParser<C extends string>(columns: readonly C[], defaultSort: SortSpec<C>) {
  return parseAsSort(columns).withDefault(defaultSort);
}

type ListParsers<M extends ParserMap, C extends string> = M & {
  sort: ReturnType<typeof sortParser<C>>;
} & typeof pagingParsers;
