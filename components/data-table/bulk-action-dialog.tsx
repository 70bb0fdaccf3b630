"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import { formatCount } from "@/lib/format/numbers";
import type { ActionResult } from "@/lib/actions/action-result";

/**
 * Confirms a bulk action with its consequence stated ("Retry 1,234 deliveries?"), then runs it
 * through a streaming route that reports rows done after each database batch, and shows that
 * as a progress bar. Closing is blocked while it runs (the work would go on regardless).
 */
export function BulkActionDialog<R>({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  destructive = false,
  endpoint,
  body,
  expected,
  describeResult,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  endpoint: string;
  body: unknown;
  /** Rows expected to change, for the bar; null when unknown. */
  expected: number | null;
  describeResult: (result: R) => string;
  onDone?: () => void;
}) {
  const router = useRouter();
  const toast = useToast();
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState(0);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setRunning(true);
    setDone(0);
    setError(null);
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.body || !response.headers.get("content-type")?.includes("ndjson")) {
        const failure = (await response.json().catch(() => null)) as { error?: string } | null;
        throw new Error(failure?.error ?? `The server answered ${response.status}`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let result: ActionResult<R> | null = null;
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (value) buffer += value;
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = JSON.parse(buffer.slice(0, newline)) as { done?: number; result?: ActionResult<R> };
          buffer = buffer.slice(newline + 1);
          if (typeof line.done === "number") setDone(line.done);
          if (line.result) result = line.result;
        }
        if (finished) break;
      }
      if (!result)
        throw new Error(
          "The server stopped before finishing; some rows may have changed. Reload to see where it got to.",
        );
      if (!result.ok) {
        setError(result.error);
        return;
      }
      toast.success(describeResult(result.data));
      onOpenChange(false);
      onDone?.();
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : "The request failed");
    } finally {
      setRunning(false);
    }
  }

  const percent = expected ? Math.min(100, Math.round((done / Math.max(expected, 1)) * 100)) : null;
  return (
    <Dialog open={open} onOpenChange={(o) => (running ? undefined : onOpenChange(o))} title={title}>
      <div className="flex flex-col gap-3 text-sm">
        <div className="text-zinc-700 dark:text-zinc-300">{children}</div>
        {running || done > 0 ? (
          <div>
            <div
              role="progressbar"
              aria-label="Progress"
              aria-valuemin={0}
              aria-valuemax={expected ?? undefined}
              aria-valuenow={done}
              className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
            >
              <div
                className={`h-full bg-indigo-500 transition-all ${percent === null ? "w-1/3 animate-pulse" : ""}`}
                style={percent === null ? undefined : { width: `${percent}%` }}
              />
            </div>
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
              {formatCount(done)} {expected !== null ? `of about ${formatCount(expected)}` : ""} done
            </p>
          </div>
        ) : null}
        {error ? <Notice tone="error">{error}</Notice> : null}
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)} disabled={running}>
            Cancel
          </Button>
          <Button variant={destructive ? "danger" : "primary"} onClick={run} pending={running} autoFocus>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
