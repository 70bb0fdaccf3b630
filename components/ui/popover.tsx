"use client";

import { useCallback, useId, useRef } from "react";
import { buttonClasses, type ButtonSize, type ButtonVariant } from "./button";
import { cn } from "./cn";

/**
 * A popover on the native Popover API (light dismiss, Escape, top layer). Placement is done by
 * hand on open because CSS anchor positioning is not in every browser yet.
 */
export function Popover({
  trigger,
  children,
  label,
  variant = "secondary",
  size = "sm",
  align = "start",
  className,
  triggerClassName,
}: {
  trigger: React.ReactNode;
  children: React.ReactNode;
  /** Accessible name of the panel. */
  label: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  align?: "start" | "end";
  className?: string;
  triggerClassName?: string;
}) {
  const id = useId().replace(/:/g, "");
  const triggerRef = useRef<HTMLButtonElement>(null);
  const place = useCallback(
    (panel: HTMLElement) => {
      const anchor = triggerRef.current?.getBoundingClientRect();
      if (!anchor) return;
      const width = panel.offsetWidth;
      const left = align === "end" ? anchor.right - width : anchor.left;
      panel.style.top = `${Math.min(anchor.bottom + 4, window.innerHeight - panel.offsetHeight - 8)}px`;
      panel.style.left = `${Math.max(8, Math.min(left, window.innerWidth - width - 8))}px`;
    },
    [align],
  );
  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        popoverTarget={id}
        className={buttonClasses(variant, size, triggerClassName)}
      >
        {trigger}
      </button>
      <div
        id={id}
        popover="auto"
        role="dialog"
        aria-label={label}
        onToggle={(event) => {
          if ((event as unknown as ToggleEvent).newState === "open") place(event.currentTarget);
        }}
        className={cn(
          "fixed m-0 rounded-md border border-zinc-200 bg-white p-2 text-sm text-zinc-900 shadow-lg dark:border-zinc-700 " +
            "dark:bg-zinc-900 dark:text-zinc-100",
          className,
        )}
      >
        {children}
      </div>
    </>
  );
}
