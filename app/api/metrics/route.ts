import { safeEqual } from "@/lib/crypto/tokens";
import { renderMetrics } from "@/lib/ops/metrics";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Prometheus scrape endpoint, behind `Authorization: Bearer $METRICS_TOKEN`; off when unset. */
export async function GET(request: Request) {
  const token = process.env.METRICS_TOKEN;
  if (!token) return Response.json({ error: "metrics are disabled (set METRICS_TOKEN)" }, { status: 404 });
  const given = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  if (!safeEqual(given, token)) return Response.json({ error: "unauthorized" }, { status: 401 });
  try {
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { "content-type": contentType } });
  } catch {
    return Response.json({ error: "database unavailable" }, { status: 503 });
  }
}
