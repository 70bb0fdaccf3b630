/**
 * How long a session may last from sign-in, however often it is refreshed: next-auth re-issues
 * the token with a fresh expiry on every visit, so without this bound a stolen cookie that is
 * used every few hours would never expire. SESSION_MAX_AGE_DAYS, default 7.
 */
export function sessionAbsoluteLifetimeSeconds(): number {
  const days = Number(process.env.SESSION_MAX_AGE_DAYS || 7);
  return Math.round((Number.isFinite(days) && days > 0 ? days : 7) * 24 * 60 * 60);
}

/** True while a session that began at `signedInAt` (seconds; absent for tokens from before this rule) may go on. */
export function withinAbsoluteLifetime(
  signedInAt: number | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  return typeof signedInAt === "number" && signedInAt > 0 && nowSeconds - signedInAt < sessionAbsoluteLifetimeSeconds();
}

/**
 * A session is honoured while it was issued under the user's current session version (a
 * password change, deactivation, role change or "sign out everywhere" bumps it) and is younger
 * than the absolute lifetime.
 */
export function sessionStillValid(
  session: { sessionVersion?: number; signedInAt?: number },
  currentVersion: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  return session.sessionVersion === currentVersion && withinAbsoluteLifetime(session.signedInAt, nowSeconds);
}

/**
 * Thrown by the jwt callback when asked to refresh a token past its absolute lifetime: next-auth
 * then clears the session cookie and answers /api/auth/session with no session, instead of
 * re-issuing the token for another idle period.
 */
export class SessionLifetimeEndedError extends Error {
  constructor() {
    super("The session is older than its absolute lifetime (SESSION_MAX_AGE_DAYS); sign in again");
    this.name = "SessionLifetimeEndedError";
  }
}
