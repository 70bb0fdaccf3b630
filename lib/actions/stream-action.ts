import { getSessionUser } from "../auth/session";
import type { ActionResult } from "./action-result";
import type { RunExtras } from "./define-action";
import type { SessionUser } from "../auth/session";

/**
 * True when the request's Origin names this host. A missing Origin, the opaque `null` that
 * sandboxed frames and some redirects send, and anything that does not parse as a URL are all
 * refused: none of them can prove the request came from the dashboard.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!origin || !host || !URL.canParse(origin)) return false;
  const { protocol, host: originHost } = new URL(origin);
  return (protocol === "http:" || protocol === "https:") && originHost === host;
}

type Runnable = {
  run: (user: SessionUser | null, input: unknown, extras?: RunExtras) => Promise<ActionResult<unknown>>;
};

/**
 * Runs a registered action from a route handler and streams its progress as NDJSON lines
 * (`{"done":1000}` … then `{"result":{…}}`), for bulk work that takes long enough to deserve a
 * progress bar. A server action's single reply cannot report progress; the checks (session,
 * role, input schema, audit) are the action's own, so the route adds only transport.
 *
 * Server actions get an Origin check from Next; a route handler does not, so it is done here:
 * the session cookie alone must not let another site trigger a bulk retry.
 */
export async function streamAction(request: Request, action: Runnable): Promise<Response> {
  if (!isSameOrigin(request)) {
    return Response.json({ ok: false, error: "Cross-site request refused", code: "forbidden" }, { status: 403 });
  }
  let input: unknown;
  try {
    input = await request.json();
  } catch {
    return Response.json({ ok: false, error: "The body must be JSON", code: "validation_failed" }, { status: 400 });
  }
  const user = await getSessionUser();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      const result = await action.run(user, input, { onProgress: (done) => send({ done }) });
      send({ result });
      controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
