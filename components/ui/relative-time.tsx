"use client";

import { useSyncExternalStore } from "react";
import { formatExactTime, formatRelativeTime } from "@/lib/format/relative-time";

// One shared ticking clock for every timestamp on the page, so "2 min ago" stays true on a page
// left open without one timer per cell.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 30_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/**
 * A time shown relative ("3 min ago") with the exact time in the viewer's own timezone on hover.
 * The server knows neither that timezone nor the browser's clock, so it renders the exact UTC
 * time and the browser switches to the relative form right after hydration (the null server
 * snapshot keeps the hydration render identical to the server's).
 */
export function RelativeTime({ date, className }: { date: Date | string | null | undefined; className?: string }) {
  const clientNow = useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
  if (!date) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  const iso = new Date(date).toISOString();
  const exact = clientNow === null ? formatExactTime(iso, "UTC") : formatExactTime(iso);
  return (
    <time dateTime={iso} title={exact} className={className}>
      {clientNow === null ? `${iso.slice(0, 16).replace("T", " ")} UTC` : formatRelativeTime(iso, clientNow)}
    </time>
  );
}

/** The exact time in the viewer's timezone, for detail pages. */
export function ExactTime({ date, className }: { date: Date | string | null | undefined; className?: string }) {
  const hydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  if (!date) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  const iso = new Date(date).toISOString();
  return (
    <time dateTime={iso} className={className} title={iso}>
      {formatExactTime(iso, hydrated ? undefined : "UTC")}
    </time>
  );
}
