"use client";

import { Popover } from "@/components/ui/popover";
import { formatCount } from "@/lib/format/numbers";
import type { FilterOption } from "./features";

/** A multi-select filter: the trigger names the choice, the panel lists options with counts. */
export function DataTableFacetedFilter({
  label,
  options,
  selected,
  onChange,
}: {
  label: string;
  options: FilterOption[];
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  const chosen = new Set(selected);
  const summary =
    selected.length === 0
      ? null
      : selected.length <= 2
        ? selected.map((v) => options.find((o) => o.value === v)?.label ?? v).join(", ")
        : `${selected.length} selected`;
  return (
    <Popover
      label={`Filter by ${label}`}
      variant={selected.length ? "secondary" : "secondary"}
      triggerClassName={selected.length ? "border-indigo-400 dark:border-indigo-600" : "border-dashed"}
      className="w-60"
      trigger={
        <>
          <span aria-hidden>⊕</span>
          {label}
          {summary ? (
            <>
              <span aria-hidden className="h-3.5 w-px bg-zinc-300 dark:bg-zinc-700" />
              <span className="max-w-40 truncate font-normal text-indigo-700 dark:text-indigo-300">{summary}</span>
            </>
          ) : null}
        </>
      }
    >
      <fieldset>
        <legend className="sr-only">{label}</legend>
        <div className="max-h-72 overflow-y-auto">
          {options.length === 0 ? (
            <p className="px-1 py-2 text-xs text-zinc-500 dark:text-zinc-400">No values yet.</p>
          ) : null}
          {options.map((option) => (
            <label
              key={option.value}
              className="flex cursor-pointer items-center gap-2 rounded px-1 py-1 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              <input
                type="checkbox"
                className="size-3.5 accent-zinc-900 dark:accent-zinc-100"
                checked={chosen.has(option.value)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(option.value);
                  else next.delete(option.value);
                  onChange(
                    options
                      .map((o) => o.value)
                      .filter((v) => next.has(v))
                      .concat([...next].filter((v) => !options.some((o) => o.value === v))),
                  );
                }}
              />
              <span className="min-w-0 flex-1 truncate">{option.label}</span>
              {option.count !== undefined ? (
                <span className="font-mono text-[11px] tabular-nums text-zinc-500 dark:text-zinc-400">
                  {formatCount(option.count)}
                </span>
              ) : null}
            </label>
          ))}
        </div>
        {selected.length ? (
          <button
            type="button"
            onClick={() => onChange([])}
            className={
              "mt-1 w-full rounded border-t border-zinc-200 px-1 pt-1.5 text-center text-xs text-zinc-600 hover:text-zinc-900 " +
              "dark:border-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-100"
            }
          >
            Clear filter
          </button>
        ) : null}
      </fieldset>
    </Popover>
  );
}
