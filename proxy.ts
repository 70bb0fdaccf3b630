import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";

/**
 * A first gate only: sends visitors without a session cookie to the login page. Every page,
 * action and route handler checks the session and role again on the server.
 */
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/login";
  url.search = "";
  url.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

export const config = {
  // API routes answer 401 themselves; static assets and the login page need no session.
  matcher: ["/((?!api/|_next/|login|favicon.ico|robots.txt|.*\\.(?:png|svg|ico|jpg|css|js)$).*)"],
};
