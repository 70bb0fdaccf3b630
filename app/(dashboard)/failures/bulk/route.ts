import { streamAction } from "@/lib/actions/stream-action";
import { discardFailedWebhooksAction, retryFailedWebhooksAction } from "@/actions/failures";

// POST /failures/bulk?action=retry|discard — the same actions as the buttons, with progress.
export async function POST(request: Request): Promise<Response> {
  const action = new URL(request.url).searchParams.get("action");
  if (action === "retry") return streamAction(request, retryFailedWebhooksAction);
  if (action === "discard") return streamAction(request, discardFailedWebhooksAction);
  return Response.json({ ok: false, error: "Unknown action", code: "not_found" }, { status: 404 });
}
