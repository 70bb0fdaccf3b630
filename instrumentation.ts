// Next.js calls register() once when the server starts: traces only when an OTLP endpoint is
// configured, and only in the Node.js runtime (the proxy runs there too, but needs no SDK of its own).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startTracing } = await import("./lib/telemetry/start-tracing");
  await startTracing("hookline-app");
}
