"use client";

import { Popover } from "@/components/ui/popover";
import { Button } from "@/components/ui/button";

/** ISO instant → the value a datetime-local input shows, in the browser's timezone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return "";
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** datetime-local (the browser's timezone) → an ISO instant for the URL. */
function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

const PRESETS: [string, number][] = [
  ["Last hour", 3600_000],
  ["Last 24 h", 86_400_000],
  ["Last 7 days", 7 * 86_400_000],
];

function shortLabel(iso: string | null): string {
  if (!iso) return "…";
  const d = new Date(iso);
  return Number.isFinite(d.getTime())
    ? d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })
    : "…";
}

/** A from/to range in the user's timezone; the URL carries UTC instants. */
export function DataTableDateRangeFilter({
  label,
  from,
  to,
  onChange,
}: {
  label: string;
  from: string | null;
  to: string | null;
  onChange: (from: string | null, to: string | null) => void;
}) {
  const active = Boolean(from || to);
  return (
    <Popover
      label={`Filter by ${label}`}
      triggerClassName={active ? "border-indigo-400 dark:border-indigo-600" : "border-dashed"}
      className="w-72"
      trigger={
        <>
          <span aria-hidden>◷</span>
          {label}
          {active ? (
            <span
              className="max-w-48 truncate font-normal text-indigo-700 dark:text-indigo-300"
              suppressHydrationWarning
            >{`${shortLabel(from)} – ${to ? shortLabel(to) : "now"}`}</span>
          ) : null}
        </>
      }
    >
      <div className="flex flex-col gap-2">
        <div className="flex flex-wrap gap-1">
          {PRESETS.map(([name, ms]) => (
            <Button key={name} size="xs" onClick={() => onChange(new Date(Date.now() - ms).toISOString(), null)}>
              {name}
            </Button>
          ))}
        </div>
        <label className="flex flex-col gap-0.5 text-xs">
          From
          <input
            type="datetime-local"
            defaultValue={toLocalInput(from)}
            key={`from-${from}`}
            onChange={(e) => onChange(fromLocalInput(e.target.value), to)}
            className="h-7 rounded border border-zinc-300 bg-white px-1.5 text-xs dark:border-zinc-700 dark:bg-zinc-950"
          />
        </label>
        <label className="flex flex-col gap-0.5 text-xs">
          To
          <input
            type="datetime-local"
            defaultValue={toLocalInput(to)}
            key={`to-${to}`}
            onChange={(e) => onChange(from, fromLocalInput(e.target.value))}
            className="h-7 rounded border border-zinc-300 bg-white px-1.5 text-xs dark:border-zinc-700 dark:bg-zinc-950"
          />
        </label>
        {active ? (
          <Button size="xs" variant="ghost" onClick={() => onChange(null, null)}>
            Clear range
          </Button>
        ) : null}
      </div>
    </Popover>
  );
}
