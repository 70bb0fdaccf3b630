import { cn } from "./cn";

/** A titled section of a page, with an optional action at the right of its title. */
export function Card({
  title,
  action,
  children,
  className,
}: {
  title?: React.ReactNode;
  action?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <section
      className={cn("rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40", className)}
    >
      {title ? (
        <header className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{title}</h2>
          {action}
        </header>
      ) : null}
      <div className="p-3">{children}</div>
    </section>
  );
}
