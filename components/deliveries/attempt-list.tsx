import { HttpStatus } from "@/components/ui/badge";
import { BreakableText } from "@/components/ui/breakable-text";
import { JsonViewer } from "@/components/ui/json-viewer";
import { ExactTime, RelativeTime } from "@/components/ui/relative-time";
import { EmptyState } from "@/components/ui/empty-state";
import type { DeliveryAttemptView } from "@/lib/deliveries/get-delivery-detail";
import { formatDurationMs } from "@/lib/format/relative-time";
import { cn } from "@/components/ui/cn";

const OUTCOME_TONE: Record<string, string> = {
  delivered: "text-emerald-700 dark:text-emerald-400",
  http_error: "text-amber-700 dark:text-amber-400",
  network_error: "text-red-700 dark:text-red-400",
  timeout: "text-red-700 dark:text-red-400",
};

/**
 * Every HTTP attempt, newest first, each a native disclosure (keyboard and screen-reader
 * friendly for free): request headers as sent minus secrets, response status, headers and body.
 */
export function AttemptList({ attempts }: { attempts: DeliveryAttemptView[] }) {
  if (attempts.length === 0)
    return (
      <EmptyState title="Not attempted yet">The dispatcher sends pending deliveries on its next cycle.</EmptyState>
    );
  const newestFirst = [...attempts].reverse();
  return (
    <ol className="flex flex-col gap-2">
      {newestFirst.map((a, i) => (
        <li key={a.id}>
          <details open={i === 0} className="group rounded-md border border-zinc-200 dark:border-zinc-800">
            <summary
              className={cn(
                "flex cursor-pointer list-none flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-xs",
                "hover:bg-zinc-50 dark:hover:bg-zinc-900",
              )}
            >
              <span aria-hidden className="text-zinc-500 dark:text-zinc-400 group-open:rotate-90">
                ▸
              </span>
              <span className="font-medium">Attempt {a.attemptNumber}</span>
              <RelativeTime date={a.startedAt} />
              <span className={OUTCOME_TONE[a.outcome] ?? ""}>{a.outcome.replace("_", " ")}</span>
              <span>
                HTTP <HttpStatus code={a.responseStatus} />
              </span>
              <span className="tabular-nums text-zinc-500 dark:text-zinc-400">{formatDurationMs(a.durationMs)}</span>
              {a.batchSize > 1 ? (
                <span className="text-zinc-500 dark:text-zinc-400">in a batch of {a.batchSize}</span>
              ) : null}
              {a.error ? (
                <span className="min-w-0 flex-1 truncate text-red-700 dark:text-red-400">{a.error}</span>
              ) : null}
            </summary>
            <div className="grid gap-3 border-t border-zinc-200 p-3 text-xs lg:grid-cols-2 dark:border-zinc-800">
              <div className="flex flex-col gap-1.5">
                <h3 className="font-semibold">Request</h3>
                <p className="font-mono">
                  POST <BreakableText text={a.requestUrl} /> · <ExactTime date={a.startedAt} />
                </p>
                <JsonViewer value={a.requestHeaders} label="request headers" defaultOpenDepth={1} />
              </div>
              <div className="flex flex-col gap-1.5">
                <h3 className="font-semibold">Response</h3>
                {a.responseStatus == null ? (
                  <p className="text-zinc-500 dark:text-zinc-400">No HTTP response{a.error ? `: ${a.error}` : ""}</p>
                ) : null}
                {a.responseHeaders ? (
                  <JsonViewer value={a.responseHeaders} label="response headers" defaultOpenDepth={1} />
                ) : null}
                {a.responseBody != null ? <JsonViewer value={a.responseBody} label="response body" /> : null}
              </div>
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}
