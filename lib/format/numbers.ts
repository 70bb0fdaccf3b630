const integer = new Intl.NumberFormat("en-US");

export function formatCount(n: number | null | undefined): string {
  return n == null ? "—" : integer.format(n);
}

/** 0.9731 → "97.3 %"; null (nothing to divide) → "—". */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  return ratio == null || !Number.isFinite(ratio) ? "—" : `${(ratio * 100).toFixed(digits)} %`;
}

/** "3 deliveries", "1 delivery". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
