/**
 * Whether a URL change moves the destination to another origin (scheme, host or port). Stored
 * credentials were given for the old receiver; sending them to a new one needs them entered again,
 * or whoever may edit the URL (a lead, who only ever sees masked values, or an API key) could
 * collect them with one "Send test". Pure, so the form can say so before it submits.
 */
export function changesOrigin(from: string, to: string): boolean {
  try {
    return new URL(from).origin !== new URL(to).origin;
  } catch {
    return true;
  }
}
