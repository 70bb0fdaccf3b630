import { handleRoute } from "@/lib/api/handle-route";
import { handleIngestRequest } from "@/lib/api/handle-ingest-request";

export const POST = handleRoute(async (request) => Response.json(await handleIngestRequest(request), { status: 202 }));
