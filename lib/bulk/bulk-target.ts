import { ValidationError } from "../errors";

/** Called after each committed batch with the running total of rows changed. */
export type BulkProgress = (done: number) => void;

/** A selection larger than this is refused: a filter says "all matching" without a giant id list. */
export const MAX_SELECTED_IDS = 10_000;

/** Refuses a selection over MAX_SELECTED_IDS with a 400 naming the field. */
export function checkSelectionSize(ids: readonly string[]): void {
  if (ids.length > MAX_SELECTED_IDS)
    throw new ValidationError(`At most ${MAX_SELECTED_IDS} ids at once; use a filter for more`, {
      ids: ["Too many ids"],
    });
}

/** For audit details: which rows an action was asked to touch, without dumping 10,000 ids. */
export function describeTarget(target: { ids: string[] } | { filter: unknown }): Record<string, unknown> {
  return "ids" in target ? { ids: target.ids.slice(0, 100), selected: target.ids.length } : { filter: target.filter };
}
