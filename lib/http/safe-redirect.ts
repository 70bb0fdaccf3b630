// Any origin will do as the base: only whether the resolved URL stays on it matters.
const BASE = "http://hookline.invalid";

/**
 * Only same-origin paths may be redirect targets after login (no open redirects). The value is
 * resolved the way a browser resolves it — the URL parser strips tab, CR and LF and treats `\`
 * as `/`, so `/\tevil.example` or `/\\evil.example` are other origins — and kept only when it
 * stays on our origin, as its path, query and fragment.
 */
export function safeCallbackPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that still begins with two slashes would be read as another origin on the next hop.
  if (path.startsWith("//") || path.startsWith("/\\")) return fallback;
  if (url.pathname.startsWith("/login") || url.pathname.startsWith("/api/auth")) return fallback;
  return path;
}
