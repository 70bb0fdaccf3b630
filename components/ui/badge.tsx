import { cn } from "./cn";

export type BadgeTone = "neutral" | "green" | "amber" | "red" | "blue" | "violet";

const TONES: Record<BadgeTone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  green:
    "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  amber: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800",
  red: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  blue: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800",
  violet: "bg-violet-50 text-violet-800 ring-violet-300 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-800",
};

export function Badge({
  tone = "neutral",
  className,
  children,
  title,
}: {
  tone?: BadgeTone;
  className?: string;
  children: React.ReactNode;
  title?: string;
}) {
  return (
    <span
      title={title}
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-px text-[11px] font-medium ring-1 ring-inset",
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

const STATUS_TONES: Record<string, BadgeTone> = {
  delivered: "green",
  pending: "blue",
  failed: "amber",
  dead: "red",
  retried: "violet",
  failed_permanently: "neutral",
  enabled: "green",
  disabled: "neutral",
};

const STATUS_LABELS: Record<string, string> = { failed_permanently: "discarded" };

/** A delivery or dead-letter status. The word is always shown, colour only reinforces it. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={STATUS_TONES[status] ?? "neutral"} title={status}>
      <span aria-hidden className="size-1.5 rounded-full bg-current opacity-80" />
      {STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

/** 2xx green, 4xx amber, 5xx red, none grey. */
export function HttpStatus({ code }: { code: number | null | undefined }) {
  if (code == null) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  const tone =
    code < 300
      ? "text-emerald-700 dark:text-emerald-400"
      : code < 500
        ? "text-amber-700 dark:text-amber-400"
        : "text-red-700 dark:text-red-400";
  return <span className={cn("font-mono tabular-nums", tone)}>{code}</span>;
}
