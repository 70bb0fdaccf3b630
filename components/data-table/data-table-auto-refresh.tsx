"use client";

import { parseAsBoolean, useQueryState } from "nuqs";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const INTERVAL_MS = 10_000;

/**
 * "Live" mode: re-renders the server component every few seconds while the tab is visible, so a
 * page left open shows new failures. Kept in the URL (`live=true`) so a wallboard link keeps it.
 */
export function DataTableAutoRefresh() {
  const router = useRouter();
  const [live, setLive] = useQueryState("live", parseAsBoolean.withDefault(false).withOptions({ history: "replace" }));
  const [lastRefresh, setLastRefresh] = useState<number | null>(null);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (document.visibilityState !== "visible") return;
      router.refresh();
      setLastRefresh(Date.now());
    }, INTERVAL_MS);
    return () => clearInterval(timer);
  }, [live, router]);
  return (
    <label
      className="flex cursor-pointer select-none items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400"
      title={lastRefresh ? `Last refreshed ${new Date(lastRefresh).toLocaleTimeString()}` : undefined}
    >
      <input
        type="checkbox"
        role="switch"
        aria-checked={live}
        checked={live}
        onChange={(e) => void setLive(e.target.checked || null)}
        className="size-3.5 accent-emerald-600"
      />
      Auto-refresh
      {live ? <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-emerald-500" /> : null}
    </label>
  );
}
