import { cn } from "./cn";

/**
 * Label/value pairs for detail pages, as a real description list. Side by side where the list
 * has room; in a narrow box (a phone, a card in a column) each label sits above its value, so a
 * value never shrinks to a few characters per line. The query is on the list's own width, not
 * the screen's, since the same list sits in full-width and half-width cards.
 */
export function DetailList({ items, className }: { items: [React.ReactNode, React.ReactNode][]; className?: string }) {
  return (
    <div className="@container">
      <dl
        className={cn(
          "grid content-start gap-x-4 gap-y-1.5 text-xs @xs:grid-cols-[max-content_minmax(0,1fr)]",
          className,
        )}
      >
        {items.map(([label, value], i) => (
          <div key={i} className="min-w-0 @xs:contents">
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
