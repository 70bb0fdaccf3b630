import { cn } from "./cn";

/** A grey block in place of content still loading; hidden from screen readers, which hear the page's own status. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("animate-pulse rounded bg-zinc-200 dark:bg-zinc-800", className)} />;
}
