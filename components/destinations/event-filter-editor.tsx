"use client";

import "@/lib/validation/zod-in-browser";
import { useEffect, useState } from "react";
import { previewEventFilterAction } from "@/actions/destinations";
import { cn } from "@/components/ui/cn";
import { controlClasses } from "@/components/ui/input";
import { eventFilterSchema } from "@/lib/destinations/destination-input";
import { formatCount, formatPercent } from "@/lib/format/numbers";

/** Parses the editor's text: empty means "no filter"; otherwise a JSON object or a message saying why not. */
export function parseEventFilterText(
  text: string,
): { ok: true; value: Record<string, unknown> | null } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, value: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : "parse error"}` };
  }
  const checked = eventFilterSchema.safeParse(parsed);
  if (!checked.success) return { ok: false, error: checked.error.issues[0]?.message ?? "Not a valid filter" };
  return { ok: true, value: checked.data };
}

/**
 * A JSON editor for `event_filter` that validates on every keystroke and, once valid, asks the
 * server how many of the last 1,000 activity logs the destination would receive with these
 * event types and this filter (the same `payload @> filter` test as the fan-out).
 */
export function EventFilterEditor({
  id,
  text,
  onChange,
  eventTypes,
  serverErrors,
  disabled,
}: {
  id: string;
  text: string;
  onChange: (text: string) => void;
  eventTypes: string[];
  serverErrors?: string[];
  disabled?: boolean;
}) {
  const parsed = parseEventFilterText(text);
  const [preview, setPreview] = useState<
    { key: string; matched: number; sampled: number } | { key: string; error: string } | null
  >(null);
  const key = parsed.ok ? JSON.stringify([eventTypes, parsed.value]) : null;
  useEffect(() => {
    if (!key) return;
    const timer = setTimeout(async () => {
      const [types, filter] = JSON.parse(key) as [string[], Record<string, unknown> | null];
      // Sent as text for the same reason as the form's submit: an object argument would lose
      // its "__proto__" keys on the way to the server (JSON.stringify keeps them).
      const result = await previewEventFilterAction({
        eventTypes: types,
        eventFilterText: filter === null ? "" : JSON.stringify(filter),
      });
      setPreview(result.ok ? { key, ...result.data } : { key, error: result.error });
    }, 350);
    return () => clearTimeout(timer);
  }, [key]);
  const errors = [...(parsed.ok ? [] : [parsed.error]), ...(serverErrors ?? [])];
  const current = preview && preview.key === key ? preview : null;
  return (
    <div className="flex flex-col gap-1">
      <textarea
        id={id}
        value={text}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        rows={4}
        placeholder='{"severity": "high"}'
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={`${id}-status`}
        className={cn(controlClasses, "py-1.5 font-mono text-xs", errors.length > 0 && "border-red-500")}
      />
      <div id={`${id}-status`} aria-live="polite" className="text-xs">
        {errors.length ? (
          <p role="alert" className="text-red-600 dark:text-red-400">
            {errors.join(" ")}
          </p>
        ) : (
          <p className="text-zinc-500 dark:text-zinc-400">
            {parsed.ok && parsed.value === null
              ? "No filter: every payload matches. "
              : "Valid: delivered when the payload contains this JSON. "}
            {current === null ? (
              <span>Checking recent events…</span>
            ) : "error" in current ? (
              <span className="text-red-600">{current.error}</span>
            ) : current.sampled === 0 ? (
              <span>No activity yet to preview against.</span>
            ) : (
              <span data-testid="filter-preview">
                Would receive{" "}
                <span className="font-medium text-zinc-900 dark:text-zinc-100">{formatCount(current.matched)}</span> of
                the last {formatCount(current.sampled)} events ({formatPercent(current.matched / current.sampled)}).
              </span>
            )}
          </p>
        )}
      </div>
    </div>
  );
}
