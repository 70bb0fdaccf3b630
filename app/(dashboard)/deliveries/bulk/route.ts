import { streamAction } from "@/lib/actions/stream-action";
import { cancelDeliveriesAction, retryDeliveriesAction } from "@/actions/deliveries";

// POST /deliveries/bulk?action=retry|cancel — the same actions as the buttons, with progress.
export async function POST(request: Request): Promise<Response> {
  const action = new URL(request.url).searchParams.get("action");
  if (action === "retry") return streamAction(request, retryDeliveriesAction);
  if (action === "cancel") return streamAction(request, cancelDeliveriesAction);
  return Response.json({ ok: false, error: "Unknown action", code: "not_found" }, { status: 404 });
}
