import { cn } from "./cn";

/** A message in a tone; an error is announced at once (alert), the others when the reader is idle (status). */
export function Notice({
  tone = "info",
  children,
  className,
  role,
}: {
  tone?: "info" | "warning" | "success" | "error";
  children: React.ReactNode;
  className?: string;
  role?: "alert" | "status";
}) {
  const tones = {
    info: "border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-200",
    warning: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200",
    success:
      "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
    error: "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200",
  } as const;
  return (
    <div
      role={role ?? (tone === "error" ? "alert" : "status")}
      className={cn("rounded-md border px-3 py-2 text-xs", tones[tone], className)}
    >
      {children}
    </div>
  );
}
