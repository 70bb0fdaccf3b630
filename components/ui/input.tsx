import { forwardRef } from "react";
import { cn } from "./cn";

export const controlClasses =
  "rounded-md border border-zinc-300 bg-white px-2 text-sm text-zinc-900 placeholder:text-zinc-400 aria-invalid:border-red-500 " +
  "disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-500";

export const Input = forwardRef<HTMLInputElement, React.InputHTMLAttributes<HTMLInputElement>>(function Input(
  { className, ...rest },
  ref,
) {
  return <input ref={ref} className={cn(controlClasses, "h-8", className)} {...rest} />;
});

export const Textarea = forwardRef<HTMLTextAreaElement, React.TextareaHTMLAttributes<HTMLTextAreaElement>>(
  function Textarea({ className, ...rest }, ref) {
    return <textarea ref={ref} className={cn(controlClasses, "py-1.5", className)} {...rest} />;
  },
);

export const Select = forwardRef<HTMLSelectElement, React.SelectHTMLAttributes<HTMLSelectElement>>(function Select(
  { className, ...rest },
  ref,
) {
  return <select ref={ref} className={cn(controlClasses, "h-8 pr-7", className)} {...rest} />;
});

export function Checkbox({ className, ...rest }: React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <input
      type="checkbox"
      className={cn("size-3.5 rounded border-zinc-400 accent-zinc-900 dark:accent-zinc-100", className)}
      {...rest}
    />
  );
}

/**
 * A labelled form field with its help text and the server's errors beside it. The errors are
 * linked to the control by id so a screen reader announces them with it.
 *
 * `reserveErrorSpace` keeps the error line in the layout while it is empty, so errors arriving
 * (from the server, after a click on submit) do not push down what is below the field — the
 * submit button included, which would otherwise move out from under the pointer.
 */
export function Field({
  id,
  label,
  description,
  errors,
  children,
  className,
  reserveErrorSpace = false,
}: {
  id: string;
  label: React.ReactNode;
  description?: React.ReactNode;
  errors?: string[] | undefined;
  children: React.ReactNode;
  className?: string;
  reserveErrorSpace?: boolean;
}) {
  const message = errors?.length ? errors.join(" ") : null;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
      {description ? (
        <p id={`${id}-description`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {description}
        </p>
      ) : null}
      {message || reserveErrorSpace ? (
        // Always present when reserved: a live region that exists before its text is also the
        // one screen readers announce reliably.
        <p
          id={`${id}-error`}
          role="alert"
          className={cn("text-xs text-red-600 dark:text-red-400", reserveErrorSpace && "min-h-4")}
        >
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** Props that tie a control to its Field's description and errors. */
export function fieldControlProps(id: string, errors?: string[], hasDescription = false) {
  const describedBy = [hasDescription ? `${id}-description` : null, errors?.length ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return {
    id,
    "aria-invalid": errors?.length ? true : undefined,
    "aria-describedby": describedBy || undefined,
  } as const;
}
