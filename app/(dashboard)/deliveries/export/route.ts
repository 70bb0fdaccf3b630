import { requireUser } from "@/lib/auth/session";
import { exportDeliveriesStream, parseDeliverySearchParams } from "@/lib/deliveries";
import { AppError } from "@/lib/errors";

/**
 * GET /deliveries/export?format=csv|ndjson&<the table's filters> — the filtered view as a
 * download, streamed page by page. The session and org are checked like any page.
 */
export async function GET(request: Request): Promise<Response> {
  let orgId: string;
  try {
    orgId = (await requireUser("read")).orgId;
  } catch (error) {
    if (error instanceof AppError)
      return Response.json({ ok: false, error: error.message, code: error.code }, { status: error.status });
    throw error;
  }
  const params = new URL(request.url).searchParams;
  const format = params.get("format") === "ndjson" ? "ndjson" : "csv";
  const { filter, sort } = parseDeliverySearchParams(params);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return new Response(exportDeliveriesStream(orgId, filter, format, sort), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="deliveries-${stamp}.${format === "csv" ? "csv" : "ndjson"}"`,
      "cache-control": "no-store",
    },
  });
}
