import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { NextAuthOptions } from "next-auth";
import NextAuth from "next-auth/next";

/** Who is signed in at the identity provider when the app sends the browser there. */
export interface IdpIdentity {
  sub: string;
  email?: string;
  email_verified?: unknown;
  name?: string;
}

export interface OidcProviderStandIn {
  /** `http://127.0.0.1:<port>`: the issuer, as discovery and every id_token state it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The identity the next authorization request approves. */
  signInAs(identity: IdpIdentity): void;
  close(): Promise<void>;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

async function readForm(request: IncomingMessage): Promise<Record<string, string>> {
  let body = "";
  for await (const chunk of request) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

/**
 * A tiny OpenID Connect provider on 127.0.0.1: discovery, JWKS, an authorization endpoint that
 * approves whoever `signInAs` names, and a token endpoint that checks the client's credentials,
 * the redirect URI and the PKCE verifier and answers with an RS256 id_token. Enough for
 * next-auth's real authorization-code flow (openid-client) to run against it; nothing more —
 * no OIDC provider package is installed, and the flow under test is next-auth's, not the IdP's.
 */
export async function startOidcProvider(): Promise<OidcProviderStandIn> {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid: "stand-in", use: "sig", alg: "RS256" };
  const clientId = "hookline-test";
  const clientSecret = randomBytes(16).toString("hex");
  const codes = new Map<string, { identity: IdpIdentity; redirectUri: string; challenge: string; nonce?: string }>();
  let identity: IdpIdentity | null = null;
  let issuer = "";

  const idToken = (claims: IdpIdentity, nonce?: string) => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: jwk.kid }));
    const payload = base64url(
      JSON.stringify({ ...claims, iss: issuer, aud: clientId, iat: now, exp: now + 300, ...(nonce ? { nonce } : {}) }),
    );
    return `${header}.${payload}.${base64url(sign("sha256", Buffer.from(`${header}.${payload}`), privateKey))}`;
  };

  const json = (response: ServerResponse, status: number, body: unknown) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", issuer);
    if (url.pathname === "/.well-known/openid-configuration")
      return json(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    if (url.pathname === "/jwks") return json(response, 200, { keys: [jwk] });
    if (url.pathname === "/authorize") {
      const q = url.searchParams;
      if (
        q.get("client_id") !== clientId ||
        q.get("response_type") !== "code" ||
        q.get("code_challenge_method") !== "S256"
      )
        return json(response, 400, { error: "invalid_request" });
      if (!identity) return json(response, 401, { error: "login_required" });
      const code = randomBytes(16).toString("hex");
      codes.set(code, {
        identity,
        redirectUri: q.get("redirect_uri") ?? "",
        challenge: q.get("code_challenge") ?? "",
        nonce: q.get("nonce") ?? undefined,
      });
      const back = new URL(q.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", q.get("state") ?? "");
      return response.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === "/token" && request.method === "POST") {
      const form = await readForm(request);
      const basic = Buffer.from((request.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
      const [id, secret] = basic.split(":").map(decodeURIComponent);
      const grant = codes.get(form.code ?? "");
      codes.delete(form.code ?? "");
      const verifier = createHash("sha256")
        .update(form.code_verifier ?? "")
        .digest("base64url");
      if (id !== clientId || secret !== clientSecret) return json(response, 401, { error: "invalid_client" });
      if (!grant || grant.redirectUri !== form.redirect_uri || grant.challenge !== verifier)
        return json(response, 400, { error: "invalid_grant" });
      return json(response, 200, {
        access_token: randomBytes(16).toString("hex"),
        token_type: "Bearer",
        expires_in: 300,
        id_token: idToken(grant.identity, grant.nonce),
      });
    }
    json(response, 404, { error: "not_found" });
  });
  issuer = await listen(server);
  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(next) {
      identity = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * next-auth's own request handler (its Pages-router form: plain Node request and response) on
 * 127.0.0.1 at /api/auth/*, so its sign-in, callback and session endpoints run over real HTTP
 * without a Next.js build. The App Router handler the app uses reads the same request through
 * next/headers and hands it to the same core.
 */
export async function startAuthServer(
  options: () => NextAuthOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const cookies = Object.fromEntries(
      (request.headers.cookie ?? "")
        .split(/;\s*/)
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf("=")), decodeURIComponent(pair.slice(pair.indexOf("=") + 1))]),
    );
    const req = {
      method: request.method,
      headers: request.headers,
      cookies,
      query: {
        ...Object.fromEntries(url.searchParams),
        nextauth: url.pathname.replace(/^\/api\/auth\//, "").split("/"),
      },
      body: request.method === "POST" ? await readForm(request) : undefined,
    };
    const res = {
      status(code: number) {
        response.statusCode = code;
        return res;
      },
      setHeader(name: string, value: string | string[]) {
        response.setHeader(name, value);
        return res;
      },
      getHeader: (name: string) => response.getHeader(name),
      end: () => response.end(),
      json: (body: unknown) => response.setHeader("content-type", "application/json").end(JSON.stringify(body)),
      send: (body: unknown) => (typeof body === "string" ? response.end(body) : res.json(body ?? {})),
    };
    try {
      await NextAuth(req as never, res as never, options());
    } catch (error) {
      response.statusCode = 500;
      response.end(String(error));
    }
  });
  const url = await listen(server);
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
