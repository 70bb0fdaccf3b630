/**
 * The Content-Security-Policy of every page: scripts only with this response's nonce (Next.js
 * puts it on its own bootstrap and chunk scripts, the root layout on the theme script) and
 * whatever those load ('strict-dynamic'); no inline script without it. Styles keep
 * 'unsafe-inline': React writes style attributes, and they cannot run code. Dev mode's fast
 * refresh also needs eval.
 */
export function contentSecurityPolicy(nonce: string, production = process.env.NODE_ENV === "production"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** A fresh, unguessable nonce per response (128 bits, base64). */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
