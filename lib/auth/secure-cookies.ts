/**
 * Session cookies are Secure (and __Secure-/__Host- prefixed) whenever the app's public URL is
 * https. Said explicitly, not left to next-auth's default, because the proxy reads the same
 * cookie by name (getToken's `secureCookie`) and both sides must agree.
 */
export function secureCookiesEnabled(): boolean {
  return (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
}
