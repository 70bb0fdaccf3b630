"use client";

import { useId, useState } from "react";
import { cn } from "@/components/ui/cn";
import { controlClasses } from "@/components/ui/input";

/**
 * Event types as removable chips. Suggestions are the types seen in activity logs (a datalist,
 * so typing filters them natively); anything else can be typed and added with Enter or a comma.
 */
export function EventTypesInput({
  id,
  value,
  onChange,
  suggestions,
  invalid,
  describedBy,
  disabled,
}: {
  id: string;
  value: string[];
  onChange: (next: string[]) => void;
  suggestions: string[];
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
}) {
  const [draft, setDraft] = useState("");
  const listId = useId();
  const add = (raw: string) => {
    const parts = raw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (parts.length) onChange([...new Set([...value, ...parts])]);
    setDraft("");
  };
  return (
    <div
      className={cn(
        controlClasses,
        "flex min-h-8 flex-wrap items-center gap-1 py-1",
        invalid && "border-red-500",
        disabled && "opacity-60",
      )}
    >
      {value.map((type) => (
        <span
          key={type}
          className="inline-flex items-center gap-1 rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800"
        >
          {type}
          <button
            type="button"
            disabled={disabled}
            onClick={() => onChange(value.filter((t) => t !== type))}
            aria-label={`Remove ${type}`}
            className="text-zinc-500 dark:text-zinc-400 hover:text-zinc-900 dark:hover:text-zinc-100"
          >
            ×
          </button>
        </span>
      ))}
      <input
        id={id}
        list={listId}
        value={draft}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={value.length ? "Add another…" : "All event types (type to pick some)"}
        onChange={(e) => {
          const next = e.target.value;
          // Picking a datalist suggestion fills the whole value at once: add it straight away.
          if (suggestions.includes(next) && !value.includes(next)) add(next);
          else if (next.endsWith(",")) add(next);
          else setDraft(next);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add(draft);
          } else if (e.key === "Backspace" && !draft && value.length) {
            onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => draft && add(draft)}
        className="min-w-40 flex-1 bg-transparent text-sm outline-none"
      />
      <datalist id={listId}>
        {suggestions
          .filter((s) => !value.includes(s))
          .map((s) => (
            <option key={s} value={s} />
          ))}
      </datalist>
    </div>
  );
}
