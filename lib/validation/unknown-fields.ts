import type { FieldErrors } from "../errors";

// Suggestions are written here rather than taken from an edit-distance package: the case that
// matters is a field spelled in another convention (eventTypes, EventTypes, event-types for
// event_types), which a comparison of the names without case and separators finds exactly; the
// distance below only adds near-misses (retry_maxx) and fits in a dozen lines.

const normalized = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The known field `unknown` was probably meant to be, if one is close enough. */
export function closestField(unknown: string, known: readonly string[]): string | null {
  const wanted = normalized(unknown);
  const same = known.find((field) => normalized(field) === wanted);
  if (same) return same;
  // A name that carries its context along (headerName for auth_config's name).
  const contained = known
    .filter((field) => normalized(field).length >= 4 && wanted.includes(normalized(field)))
    .sort((a, b) => b.length - a.length)[0];
  if (contained) return contained;
  let best: { field: string; distance: number } | null = null;
  for (const field of known) {
    const distance = editDistance(wanted, normalized(field));
    if (distance <= Math.min(2, Math.floor(wanted.length / 3)) && (!best || distance < best.distance))
      best = { field, distance };
  }
  return best?.field ?? null;
}

/**
 * A field error for each key of `value` that is not in `known`, keyed by its path
 * (`prefix` + key), with the field probably meant. At most 20, so a body of a thousand
 * unknown keys does not become a thousand-line answer.
 */
export function unknownFieldErrors(value: object, known: readonly string[], prefix = ""): FieldErrors {
  const errors: FieldErrors = {};
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  for (const key of unknown.slice(0, 20)) {
    const meant = closestField(key, known);
    errors[`${prefix}${key}`] = [meant ? `Unknown field; did you mean ${meant}?` : "Unknown field"];
  }
  return errors;
}
