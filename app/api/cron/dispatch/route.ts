import { handleCronDispatch } from "@/lib/api/cron-dispatch";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// The budget is 10 s by default; in-flight requests may add up to a destination's timeout.
export const maxDuration = 60;

export async function GET(request: Request): Promise<Response> {
  return handleCronDispatch(request);
}

export async function POST(request: Request): Promise<Response> {
  return handleCronDispatch(request);
}
