/** Joins class names, skipping falsy ones (a three-line clsx; the project does not depend on it). */
export function cn(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}
