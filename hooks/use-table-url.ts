"use client";

import { debounce, parseAsString, useQueryStates } from "nuqs";
import { useCallback, useMemo, useTransition } from "react";

export type UrlPatch = Record<string, string | null>;

/** How long a typed filter waits for the next keystroke before it becomes a server navigation. */
const TYPING_DEBOUNCE_MS = 350;

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
  const parsers = useMemo(
    () => Object.fromEntries([...new Set([...keys, ...cursorKeys])].map((k) => [k, parseAsString])),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the list's contents, not its identity
    [signature],
  );
  const [values, setValues] = useQueryStates(parsers, {
    shallow: false,
    history: "push",
    scroll: false,
    startTransition,
  });
  const set = useCallback(
    (patch: UrlPatch, options?: { debounce?: boolean; keepCursor?: boolean }) => {
      // Only the cursor keys that are set: null for an absent key changes nothing in the URL, but
      // nuqs still queues it as an update of its own (see the debounce below).
      const clearCursor: UrlPatch = options?.keepCursor
        ? {}
        : Object.fromEntries(cursorKeys.filter((k) => values[k] != null && !(k in patch)).map((k) => [k, null]));
      if (!options?.debounce) {
        void setValues({ ...clearCursor, ...patch });
        return;
      }
      // nuqs debounces per key, each key on its own timer. Sending the cursor keys through the
      // debounce with the typed key let their timers flush apart under load, and each flush is a
      // history push: Back after typing then needed two presses. So the debounce carries only
      // the typed key (one timer, one flush, one history entry), and a cursor in the URL is cleared at
      // once, replacing the current entry: the typed filter starts from its first page either way.
      if (Object.keys(clearCursor).length > 0) void setValues(clearCursor, { history: "replace" });
      void setValues(patch, { limitUrlUpdates: debounce(TYPING_DEBOUNCE_MS) });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- cursorKeys is covered by signature
    [setValues, signature, values],
  );
  return { values: values as Record<string, string | null>, set, pending, cursorKeys };
}
