"use client";

import { useId } from "react";
import { CopyButton } from "./copy-button";
import { cn } from "./cn";

/**
 * A secret shown in full (one-time display, or an admin's reveal), with its name and a copy
 * button. The value stays a <code> so it reads and selects as text; a code element cannot carry
 * a name of its own in ARIA, so the visible label names the group that holds it and the copy
 * button says what it copies.
 */
export function SecretField({
  label,
  copyLabel,
  value,
  testId,
  hint,
}: {
  label: string;
  copyLabel?: string;
  value: string;
  testId?: string;
  hint?: React.ReactNode;
}) {
  const id = useId();
  return (
    <div
      role="group"
      aria-labelledby={`${id}-label`}
      aria-describedby={hint ? `${id}-hint` : undefined}
      className="flex flex-col gap-1"
    >
      <span id={`${id}-label`} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </span>
      <div className="flex items-center gap-2">
        <code
          data-testid={testId}
          className={cn(
            "min-w-0 flex-1 select-all break-all rounded-md border border-zinc-200 bg-zinc-50 px-2 py-1.5 font-mono text-xs",
            "dark:border-zinc-800 dark:bg-zinc-950",
          )}
        >
          {value}
        </code>
        <CopyButton
          value={value}
          label={
            copyLabel ?? `Copy ${/^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label}`
          }
        />
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
