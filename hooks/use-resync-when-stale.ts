"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * Re-renders the server component when the data on screen was rendered for another URL than
 * the one in the address bar. Back/forward over nuqs' shallow:false updates sometimes lands on
 * a history entry without Next's router state: the address bar and the toolbar (nuqs reads the
 * URL) move, but the router ignores the popstate and keeps the previous page's server payload.
 * A URL must always show what it says. `renderedKey` is the canonical query the server
 * rendered, `currentKey` the same canonical form of the current URL; the refresh waits until
 * no navigation is in flight, and happens once per stale visit (no loop if it cannot help).
 */
export function useResyncWhenStale(renderedKey: string, currentKey: string, pending: boolean): void {
  const router = useRouter();
  const refreshedFor = useRef<string | null>(null);
  useEffect(() => {
    if (renderedKey === currentKey) {
      // In sync again: a later stale visit to the same URL may refresh again.
      refreshedFor.current = null;
      return;
    }
    if (pending || refreshedFor.current === currentKey) return;
    const timer = setTimeout(() => {
      refreshedFor.current = currentKey;
      // Not router.refresh(): in this state the router still believes it is at the previous URL
      // (the history entry carried no router state), so a refresh would fetch that page again.
      router.replace(`${window.location.pathname}${window.location.search}`, { scroll: false });
    }, 250);
    return () => clearTimeout(timer);
  }, [renderedKey, currentKey, pending, router]);
}
