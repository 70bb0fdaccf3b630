import { getToken } from "next-auth/jwt";
import { secureCookiesEnabled } from "./lib/auth/secure-cookies";
import { contentSecurityPolicy, createNonce } from "./lib/http/content-security-policy";
import { NextResponse, type NextRequest } from "next/server";

// Paths that need no session here: API routes answer 401 themselves, the login page is public.
const PUBLIC_PREFIXES = ["/api/", "/login"];

/**
 * A first gate only: gives every request an id for the logs and every page a fresh CSP nonce,
 * and sends visitors without a session cookie to the login page. Every page, action and route
 * handler checks the session and role again on the server.
 */
export async function proxy(request: NextRequest) {
  const requestId = request.headers.get("x-request-id") || crypto.randomUUID();
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  // Next.js reads the nonce from the request's CSP header for its own scripts; the root layout
  // reads x-nonce for the theme script.
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const { pathname, search } = request.nextUrl;
  if (!PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix))) {
    const token = await getToken({
      req: request,
      secret: process.env.NEXTAUTH_SECRET,
      secureCookie: secureCookiesEnabled(),
    });
    if (!token) {
      const url = request.nextUrl.clone();
      url.pathname = "/login";
      url.search = "";
      url.searchParams.set("callbackUrl", pathname + search);
      const redirect = NextResponse.redirect(url);
      redirect.headers.set("content-security-policy", csp);
      return redirect;
    }
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("x-request-id", requestId);
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|.*\\.(?:png|svg|ico|jpg|css|js)$).*)"],
};
