export interface FilterOption {
  label: string;
  value: string;
  /** Rows with this value under the other filters, when the server counted them. */
  count?: number;
}

/** What the generic toolbar renders. Each filter writes its own URL keys; the server parses them. */
export type DataTableFilter =
  | { variant: "text"; key: string; label: string; placeholder?: string }
  | { variant: "number"; key: string; label: string; placeholder?: string; min?: number }
  /** Free text with suggestions (a datalist): seen event types, status classes plus any code. */
  | { variant: "combo"; key: string; label: string; placeholder?: string; options: FilterOption[] }
  | { variant: "multiSelect"; key: string; label: string; options: FilterOption[] }
  | { variant: "select"; key: string; label: string; options: FilterOption[] }
  | { variant: "dateRange"; fromKey: string; toKey: string; label: string };

export function filterKeys(filters: readonly DataTableFilter[]): string[] {
  return filters.flatMap((f) => (f.variant === "dateRange" ? [f.fromKey, f.toKey] : [f.key]));
}

/** Multi-select values travel as one comma-separated parameter: `status=dead,failed`. */
export function splitList(value: string | null | undefined): string[] {
  return value
    ? value
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean)
    : [];
}
