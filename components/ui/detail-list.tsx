import { cn } from "./cn";

/** Label/value pairs for detail pages, as a real description list. */
export function DetailList({ items, className }: { items: [React.ReactNode, React.ReactNode][]; className?: string }) {
  return (
    <dl className={cn("grid grid-cols-[max-content_1fr] content-start gap-x-4 gap-y-1.5 text-xs", className)}>
      {items.map(([label, value], i) => (
        <div key={i} className="contents">
          <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
          <dd className="min-w-0 break-words">
            {value ?? <span className="text-zinc-500 dark:text-zinc-400">—</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
