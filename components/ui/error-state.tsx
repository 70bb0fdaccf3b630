import { cn } from "./cn";

/** The message an error boundary shows (app/(dashboard)/error.tsx): announced at once, with a way to try again. */
export function ErrorState({
  title = "This could not be loaded",
  children,
  action,
}: {
  title?: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <div
      role="alert"
      className={cn(
        "flex flex-col items-start gap-2 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-800 dark:border-red-900",
        "dark:bg-red-950 dark:text-red-200",
      )}
    >
      <p className="font-medium">{title}</p>
      {children ? <div className="text-xs">{children}</div> : null}
      {action}
    </div>
  );
}
