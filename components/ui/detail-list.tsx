import { cn } from "./cn";

/**
 * Label/value pairs for detail pages, as a real description list. Side by side where the list
 * has room (a phone's full-width card has); in a box too narrow for both, each label sits above
 * its value, so a value never shrinks to a few characters per line. The query is on the list's own width, not
 * the screen's, since the same list sits in full-width, half- and third-width cards; 13rem keeps
 * every card of a desktop from 1024 px wide (the narrowest: a third of one, ~214 px) side by side.
 */
export function DetailList({ items, className }: { items: [React.ReactNode, React.ReactNode][]; className?: string }) {
  return (
    <div className="@container">
      <dl
        className={cn(
          "grid content-start gap-x-4 gap-y-1.5 text-xs @min-[13rem]:grid-cols-[max-content_minmax(0,1fr)]",
          className,
        )}
      >
        {items.map(([label, value], i) => (
          <div key={i} className="min-w-0 @min-[13rem]:contents">
            <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="min-w-0 wrap-break-word">
              {value ?? <span className="text-zinc-500 dark:text-zinc-400">—</span>}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
