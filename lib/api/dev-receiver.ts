import "server-only";
import { Webhook } from "standardwebhooks";
import { db } from "../db/client";
import { decryptSecret } from "../crypto/secret-box";
import { UUID_PATTERN as UUID } from "../validation/uuid";

const MAX_DELAY_MS = 30_000;
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function demoModeEnabled(): boolean {
  return process.env.DEMO_MODE === "true";
}

/** The delivery ids a Hookline body carries: one envelope or an array of them. */
function deliveryIds(body: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const events = Array.isArray(parsed) ? parsed : [parsed];
  const ids = events.map((e) => (e && typeof e === "object" ? (e as { id?: unknown }).id : undefined));
  return ids.length > 0 && ids.every((id): id is string => typeof id === "string" && UUID.test(id)) ? ids : null;
}

/**
 * Verifies a request the way a real receiver would, except that it finds the secret through
 * the deliveries named in the body (every one must belong to the same destination). Either
 * the current or, during a rotation, the previous secret may have signed it.
 */
export async function verifyDemoSignature(
  body: string,
  headers: Headers,
): Promise<{ verified: boolean; reason: string | null }> {
  const ids = deliveryIds(body);
  if (!ids) return { verified: false, reason: "the body is not a Hookline event or batch" };
  const unique = [...new Set(ids)];
  const deliveries = await db.webhookDelivery.findMany({
    where: { id: { in: unique } },
    select: {
      destination: {
        select: {
          id: true,
          signingSecret: true,
          previousSecret: { select: { signingSecret: true, expiresAt: true } },
        },
      },
    },
  });
  const destinations = new Set(deliveries.map((d) => d.destination.id));
  if (destinations.size !== 1 || deliveries.length !== unique.length)
    return { verified: false, reason: "unknown deliveries" };
  const { signingSecret, previousSecret } = deliveries[0]!.destination;
  // The previous secret signs alongside until it expires (rotate-signing-secret.ts).
  const previous = previousSecret && previousSecret.expiresAt > new Date() ? previousSecret.signingSecret : null;
  const headerRecord = Object.fromEntries(headers.entries());
  for (const stored of [signingSecret, previous]) {
    if (!stored) continue;
    try {
      new Webhook(decryptSecret(stored, "signing_secret")).verify(body, headerRecord, { jsonParse: false });
      return { verified: true, reason: null };
    } catch {
      // try the next secret
    }
  }
  return { verified: false, reason: "signature does not verify" };
}

/** Fails about 30 % of the time, the way real receivers do: errors, overload, rate limits. */
function flakyAnswer(): Response | null {
  const r = Math.random();
  if (r < 0.1) return Response.json({ ok: false, verified: true, error: "internal" }, { status: 500 });
  if (r < 0.2) return Response.json({ ok: false, verified: true, error: "unavailable" }, { status: 503 });
  if (r < 0.3)
    return Response.json(
      { ok: false, verified: true, error: "rate_limited" },
      { status: 429, headers: { "retry-after": "5" } },
    );
  return null;
}

/**
 * The built-in demo receiver (`/api/dev/receiver`, DEMO_MODE=true only): `?mode=ok|flaky|down`,
 * `&delay=<ms>`; it checks the signature and answers `{ ok, verified }`.
 */
export async function handleDevReceiver(request: Request): Promise<Response> {
  if (!demoModeEnabled()) return Response.json({ error: "not_found" }, { status: 404 });
  if (request.method !== "POST")
    return Response.json({ error: "method_not_allowed" }, { status: 405, headers: { allow: "POST" } });
  const url = new URL(request.url);
  const mode = url.searchParams.get("mode") ?? "ok";
  if (!["ok", "flaky", "down"].includes(mode))
    return Response.json({ error: "mode must be ok, flaky or down" }, { status: 400 });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
    return Response.json({ error: "too large" }, { status: 413 });
  const body = await request.text();
  const delay = Math.min(MAX_DELAY_MS, Math.max(0, Number(url.searchParams.get("delay")) || 0));
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const { verified, reason } = await verifyDemoSignature(body, request.headers);
  if (!verified) return Response.json({ ok: false, verified: false, error: reason }, { status: 401 });
  if (mode === "down") return Response.json({ ok: false, verified: true, error: "down" }, { status: 503 });
  if (mode === "flaky") {
    const failure = flakyAnswer();
    if (failure) return failure;
  }
  return Response.json({ ok: true, verified: true });
}
