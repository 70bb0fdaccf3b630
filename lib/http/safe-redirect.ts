/** Only same-origin paths may be redirect targets after login (no open redirects). */
export function safeCallbackPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\"))
    return fallback;
  if (value.startsWith("/login") || value.startsWith("/api/auth")) return fallback;
  return value;
}
