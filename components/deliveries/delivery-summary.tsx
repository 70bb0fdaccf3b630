import { cn } from "@/components/ui/cn";

const PARTS = [
  ["delivered", "text-emerald-700 dark:text-emerald-400", "delivered"],
  ["pending", "text-sky-700 dark:text-sky-400", "pending"],
  ["failed", "text-amber-700 dark:text-amber-400", "retrying"],
  ["dead", "text-red-700 dark:text-red-400", "dead"],
] as const;

/** "3 delivered · 1 dead": an event's fan-out in one line; zero parts are left out. */
export function DeliverySummary({
  counts,
  className,
}: {
  counts: { pending: number; delivered: number; failed: number; dead: number };
  className?: string;
}) {
  const parts = PARTS.filter(([key]) => counts[key] > 0);
  if (parts.length === 0)
    return <span className={cn("text-zinc-500 dark:text-zinc-400", className)}>no deliveries</span>;
  return (
    <span className={cn("whitespace-nowrap", className)}>
      {parts.map(([key, tone, label], i) => (
        <span key={key}>
          {i > 0 ? <span className="text-zinc-500 dark:text-zinc-400"> · </span> : null}
          <span className={tone}>
            {counts[key]} {label}
          </span>
        </span>
      ))}
    </span>
  );
}
