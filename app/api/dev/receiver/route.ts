import { handleDevReceiver } from "@/lib/api/dev-receiver";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  return handleDevReceiver(request);
}

export async function GET(request: Request): Promise<Response> {
  return handleDevReceiver(request);
}
