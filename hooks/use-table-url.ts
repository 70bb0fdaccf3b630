"use client";

import { debounce, parseAsString, useQueryStates } from "nuqs";
import { useCallback, useMemo, useTransition } from "react";

export type UrlPatch = Record<string, string | null>;

export interface TableUrl {
  /** Raw URL values; the server parses them with its own forgiving schema. */
  values: Record<string, string | null>;
  /**
   * Writes URL keys (null removes one). Every change of filter or sort also clears the
   * keyset cursor: a cursor only means something for the ordering it was taken from.
   */
  set: (patch: UrlPatch, options?: { debounce?: boolean; keepCursor?: boolean }) => void;
  /** The server is rendering the new URL. */
  pending: boolean;
  cursorKeys: readonly string[];
}

/**
 * One table's URL state, bound with nuqs. `shallow: false` makes every change a server
 * navigation, so the server component re-parses searchParams and re-queries; `history: push`
 * makes back/forward walk through filter changes.
 */
export function useTableUrl(keys: readonly string[], cursorKeys: readonly string[]): TableUrl {
  const [pending, startTransition] = useTransition();
  const signature = [...keys, ...cursorKeys].join("|");
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the list's contents, not its identity
  const parsers = useMemo(() => Object.fromEntries([...new Set([...keys, ...cursorKeys])].map((k) => [k, parseAsString])), [signature]);
  const [values, setValues] = useQueryStates(parsers, { shallow: false, history: "push", scroll: false, startTransition });
  const set = useCallback(
    (patch: UrlPatch, options?: { debounce?: boolean; keepCursor?: boolean }) => {
      const withCursor = options?.keepCursor ? patch : { ...Object.fromEntries(cursorKeys.map((k) => [k, null])), ...patch };
      void setValues(withCursor, options?.debounce ? { limitUrlUpdates: debounce(350) } : undefined);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setValues, signature],
  );
  return { values: values as Record<string, string | null>, set, pending, cursorKeys };
}
