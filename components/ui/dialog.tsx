"use client";

import { useEffect, useId, useRef } from "react";
import { Button } from "./button";
import { cn } from "./cn";
import { FormError } from "./form-error";

/**
 * A modal on the native <dialog>: the browser supplies the focus trap, Escape, inert
 * background and focus return, which a hand-rolled overlay would have to re-implement.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  className,
  side,
  id,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: React.ReactNode;
  description?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  /** A sheet docked to this edge, full height, instead of a centred box. */
  side?: "left" | "right";
  /** For a control's aria-controls: the <dialog> element is there while closed too. */
  id?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      id={id}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={() => onOpenChange(false)}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself; content clicks land inside it.
        if (event.target === event.currentTarget) onOpenChange(false);
      }}
      className={cn(
        "bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:bg-zinc-900 dark:text-zinc-100",
        side === "right"
          ? "m-0 ml-auto h-dvh max-h-dvh w-[min(760px,100vw)] max-w-none border-l border-zinc-200 dark:border-zinc-800"
          : side === "left"
            ? "m-0 mr-auto h-dvh max-h-dvh w-72 max-w-[85vw] border-r border-zinc-200 dark:border-zinc-800"
            : "m-auto w-[min(480px,calc(100vw-2rem))] rounded-lg border border-zinc-200 dark:border-zinc-800",
        className,
      )}
    >
      {open ? (
        <div className={cn("flex flex-col", side ? "h-full" : "")}>
          <div className="flex items-start justify-between gap-4 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
            <div>
              <h2 id={titleId} className="text-sm font-semibold">
                {title}
              </h2>
              {description ? (
                <div id={descriptionId} className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                  {description}
                </div>
              ) : null}
            </div>
            <Button variant="ghost" size="xs" aria-label="Close" onClick={() => onOpenChange(false)}>
              ✕
            </Button>
          </div>
          <div className={cn("px-4 py-3", side ? "min-h-0 flex-1 overflow-y-auto" : "")}>{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}

/**
 * "Are you sure" with the consequence spelled out (counts, what cascades). The confirm button
 * is the only focus target that acts, and Escape cancels.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  destructive = false,
  pending = false,
  onConfirm,
  error,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: React.ReactNode;
  children: React.ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  pending?: boolean;
  onConfirm: () => void;
  error?: string | null;
}) {
  return (
    <Dialog open={open} onOpenChange={(next) => (pending ? undefined : onOpenChange(next))} title={title}>
      <div className="flex flex-col gap-3 text-sm">
        <div className="text-zinc-700 dark:text-zinc-300">{children}</div>
        {error ? <FormError>{error}</FormError> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={pending}>
            Cancel
          </Button>
          <Button variant={destructive ? "danger" : "primary"} onClick={onConfirm} pending={pending} autoFocus>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
