"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/**
 * A bucket start in the viewer's own timezone. The server cannot know that timezone, so it renders
 * the UTC time (and says so); the browser relabels right after hydration.
 */
export function LocalTimeLabel({ iso, withDay }: { iso: string; withDay: boolean }) {
  const isClient = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = withDay
    ? { weekday: "short", hour: "2-digit" }
    : { hour: "2-digit", minute: "2-digit" };
  if (!isClient) return <>{date.toLocaleString("en-GB", { ...options, timeZone: "UTC" })} UTC</>;
  return <>{withDay ? date.toLocaleDateString(undefined, options) : date.toLocaleTimeString(undefined, options)}</>;
}
