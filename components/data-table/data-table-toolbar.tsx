"use client";

import type { RowData } from "@tanstack/react-table";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { DataTableInstance } from "@/hooks/use-data-table";
import type { TableUrl } from "@/hooks/use-table-url";
import { DataTableDateRangeFilter } from "./data-table-date-range-filter";
import { DataTableFacetedFilter } from "./data-table-faceted-filter";
import { DataTableViewOptions } from "./data-table-view-options";
import { splitList } from "@/lib/list/search-param-parsers";
import { columnFilters, filterKeys, type DataTableColumnFilter } from "./features";

/**
 * A text or number box bound to one URL key. It keeps its own value while typing and writes the
 * URL debounced, so each keystroke is not a server round trip.
 */
function DebouncedInput({
  filter,
  url,
}: {
  filter: Extract<DataTableColumnFilter, { variant: "text" | "number" | "combo" }>;
  url: TableUrl;
}) {
  const listId = `filter-${filter.key}-options`;
  const urlValue = url.values[filter.key] ?? "";
  const [value, setValue] = useState(urlValue);
  // Back/forward or "Reset" change the URL under the input: follow it.
  const [seen, setSeen] = useState(urlValue);
  if (seen !== urlValue) {
    setSeen(urlValue);
    setValue(urlValue);
  }
  return (
    <>
      <input
        list={filter.variant === "combo" ? listId : undefined}
        type={filter.variant === "number" ? "number" : "search"}
        inputMode={filter.variant === "number" ? "numeric" : undefined}
        min={filter.variant === "number" ? filter.min : undefined}
        aria-label={filter.label}
        placeholder={filter.placeholder ?? filter.label}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          url.set({ [filter.key]: e.target.value.trim() || null }, { debounce: true });
        }}
        className={cn(
          controlClasses,
          "h-7 text-xs",
          filter.variant === "number" ? "w-28" : filter.variant === "combo" ? "w-40" : "w-56",
        )}
      />
      {filter.variant === "combo" ? (
        <datalist id={listId}>
          {filter.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </datalist>
      ) : null}
    </>
  );
}

/**
 * One control per column whose `meta.filter` declares one (tablecn's pattern: the columns are
 * the filter spec). `linkedFilters` are URL keys only links set (e.g. one event's fan-out, `logId`): no control of
 * their own, shown as a removable chip while present so the view never filters invisibly.
 */
export function DataTableToolbar<TData extends RowData>({
  table,
  url,
  linkedFilters = [],
  children,
}: {
  table: DataTableInstance<TData>;
  url: TableUrl;
  linkedFilters?: readonly { key: string; label: string }[];
  children?: React.ReactNode;
}) {
  const filters = columnFilters(table.options.columns);
  const allKeys = [...filterKeys(filters), ...linkedFilters.map((f) => f.key)];
  const active = allKeys.some((k) => url.values[k]);
  const activeCount = allKeys.filter((k) => url.values[k]).length;
  // On a phone the filters fold into one "Filters" control; from md up they are always shown.
  const [unfolded, setUnfolded] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filters">
      <Button
        size="sm"
        variant="secondary"
        className="md:hidden"
        aria-expanded={unfolded}
        aria-controls="table-filters"
        onClick={() => setUnfolded((open) => !open)}
      >
        Filters{activeCount ? ` (${activeCount})` : ""}
        <span
          aria-hidden
          className={cn("ml-1 inline-block text-[10px] transition-transform", unfolded && "rotate-180")}
        >
          ▾
        </span>
      </Button>
      <div
        id="table-filters"
        className={cn("w-full flex-wrap items-center gap-2 md:contents", unfolded ? "flex" : "hidden")}
      >
        {filters.map((filter) => {
          switch (filter.variant) {
            case "text":
            case "number":
            case "combo":
              return <DebouncedInput key={filter.key} filter={filter} url={url} />;
            case "multiSelect":
              return (
                <DataTableFacetedFilter
                  key={filter.key}
                  label={filter.label}
                  options={filter.options}
                  selected={splitList(url.values[filter.key])}
                  onChange={(values) => url.set({ [filter.key]: values.length ? values.join(",") : null })}
                />
              );
            case "select":
              return (
                <select
                  key={filter.key}
                  aria-label={filter.label}
                  value={url.values[filter.key] ?? ""}
                  onChange={(e) => url.set({ [filter.key]: e.target.value || null })}
                  className={cn(controlClasses, "h-7 text-xs")}
                >
                  <option value="">{filter.label}: any</option>
                  {filter.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              );
            case "dateRange":
              return (
                <DataTableDateRangeFilter
                  key={filter.fromKey}
                  label={filter.label}
                  from={url.values[filter.fromKey] ?? null}
                  to={url.values[filter.toKey] ?? null}
                  onChange={(from, to) => url.set({ [filter.fromKey]: from, [filter.toKey]: to })}
                />
              );
          }
        })}
        {linkedFilters
          .filter((f) => url.values[f.key])
          .map((f) => (
            <span
              key={f.key}
              className="inline-flex h-7 items-center gap-1 rounded-md border border-indigo-400 px-2 text-xs dark:border-indigo-600"
            >
              {f.label}: <span className="font-mono">{url.values[f.key]!.slice(0, 8)}…</span>
              <button
                type="button"
                aria-label={`Remove the ${f.label} filter`}
                onClick={() => url.set({ [f.key]: null })}
                className="ml-1 text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
              >
                ×
              </button>
            </span>
          ))}
        {active ? (
          <Button size="sm" variant="ghost" onClick={() => url.set(Object.fromEntries(allKeys.map((k) => [k, null])))}>
            Reset filters
          </Button>
        ) : null}
      </div>
      <div className="ml-auto flex items-center gap-2">
        {children}
        <DataTableViewOptions table={table} />
      </div>
    </div>
  );
}
