import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db/client";
import { clientAddress } from "../http/client-address";
import { authLogger } from "./auth-logger";
import { authenticateWithPassword } from "./login";
import { linkOidcUser, oidcIssuer } from "./oidc-link";
import { isRole } from "./roles";
import { secureCookiesEnabled } from "./secure-cookies";
import { SessionLifetimeEndedError, withinAbsoluteLifetime } from "./session-lifetime";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** Error codes the login page turns into messages (next-auth passes them as `?error=`). */
export const LOGIN_ERROR_RATE_LIMITED = "RateLimited";

function oidcProvider(): NextAuthOptions["providers"] {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = process.env;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "oidc",
      name: process.env.OIDC_NAME || "Single sign-on",
      type: "oauth",
      wellKnown: `${OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: OIDC_CLIENT_ID,
      clientSecret: OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; email_verified?: boolean; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? null };
      },
    },
  ];
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  secret: process.env.NEXTAUTH_SECRET,
  useSecureCookies: secureCookiesEnabled(),
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password || email.length > 255 || password.length > 1024) return null;
        const outcome = await authenticateWithPassword(
          email,
          password,
          clientAddress(req?.headers as Record<string, unknown> | undefined),
        );
        if (outcome.ok) return outcome.user;
        if (outcome.reason === "rate_limited")
          throw new Error(`${LOGIN_ERROR_RATE_LIMITED}:${outcome.retryAfterSeconds}`);
        return null;
      },
    }),
    ...oidcProvider(),
  ],
  // next-auth's own messages go to the app's log (an expired session is not logged as an error).
  logger: authLogger,
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      // Single sign-on admits only people who already have an active account here, linked by
      // the IdP's (issuer, subject), or by a verified e-mail the first time (lib/auth/oidc-link).
      const link = await linkOidcUser(oidcIssuer(), { ...profile, sub: account.providerAccountId });
      return link.ok;
    },
    async jwt({ token, user, account }) {
      if (user && account) {
        const identity =
          account.provider === "oidc"
            ? await db.userIdentity.findUnique({
                where: { issuer_subject: { issuer: oidcIssuer(), subject: account.providerAccountId } },
              })
            : null;
        const row = await db.user.findUnique({ where: { id: identity ? identity.userId : user.id } });
        if (row && isRole(row.role)) {
          token.sub = row.id;
          token.userId = row.id;
          token.orgId = row.orgId;
          token.role = row.role;
          token.name = row.name;
          token.email = row.email;
          token.sessionVersion = row.sessionVersion;
          // Kept as it is on every refresh: the session's absolute lifetime counts from here.
          token.signedInAt = Math.floor(Date.now() / 1000);
        }
        return token;
      }
      // A refresh (every getServerSession and /api/auth/session) keeps signedInAt as it is, and
      // once the absolute lifetime is over it refuses: next-auth clears the cookie instead of
      // re-issuing it for another idle period. The session version is checked against the
      // database by getSessionUser, once per request, not here.
      if (!withinAbsoluteLifetime(token.signedInAt)) throw new SessionLifetimeEndedError();
      return token;
    },
    async session({ session, token }) {
      if (token.userId && token.orgId && token.role) {
        session.user = {
          id: token.userId,
          orgId: token.orgId,
          role: token.role,
          name: token.name ?? "",
          email: token.email ?? "",
          sessionVersion: token.sessionVersion ?? -1,
          signedInAt: token.signedInAt ?? 0,
        };
      }
      return session;
    },
  },
};
