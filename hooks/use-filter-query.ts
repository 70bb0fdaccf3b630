"use client";

import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { NOT_FILTER_KEYS } from "@/lib/list/search-param-parsers";

// Paging, refresh and page size do not change which rows match, so "all matching" and exports ignore them.
const NOT_FILTER = new Set<string>(NOT_FILTER_KEYS);

/** The address bar's filter and sort parameters, as the query string bulk actions and exports send. */
export function useFilterQuery(): string {
  const searchParams = useSearchParams();
  return useMemo(() => {
    const q = new URLSearchParams();
    for (const [k, v] of searchParams.entries()) if (!NOT_FILTER.has(k)) q.append(k, v);
    return q.toString();
  }, [searchParams]);
}
