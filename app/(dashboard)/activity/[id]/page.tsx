import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HttpStatus, StatusBadge } from "@/components/ui/badge";
import { BreakableText } from "@/components/ui/breakable-text";
import { DetailList } from "@/components/ui/detail-list";
import { JsonViewer } from "@/components/ui/json-viewer";
import { ExactTime, RelativeTime } from "@/components/ui/relative-time";
import { Card, EmptyState, PageHeader } from "@/components/ui/states";
import { getActivityLog } from "@/lib/activity/get-activity-log";
import { requirePageUser } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { deliveriesHref } from "@/lib/deliveries/delivery-search-params";

export const metadata: Metadata = { title: "Activity event" };

export default async function ActivityLogPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  const log = await getActivityLog(user.orgId, id).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <div className="flex max-w-5xl flex-col gap-4">
      <div className="text-xs">
        <Link href="/activity" className="text-zinc-500 dark:text-zinc-400 hover:underline">
          ← Activity
        </Link>
      </div>
      <PageHeader
        title={<span className="font-mono">{log.eventType}</span>}
        description={
          <>
            Received <RelativeTime date={log.createdAt} />
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Event">
          <DetailList
            items={[
              ["Id", <BreakableText key="id" text={log.id} className="font-mono" />],
              ["Time", <ExactTime key="t" date={log.createdAt} />],
              [
                "Event type",
                <span key="et" className="font-mono">
                  {log.eventType}
                </span>,
              ],
              ["Category", log.eventCategory],
              [
                "Employee",
                log.employee ? `${log.employee.name}${log.employee.email ? ` <${log.employee.email}>` : ""}` : null,
              ],
              ["Client", log.clientName ? `${log.clientName} ${log.clientVersion ?? ""}` : null],
              ["Session", log.sessionId ? <BreakableText key="s" text={log.sessionId} className="font-mono" /> : null],
              ["Content", log.content],
            ]}
          />
        </Card>
        <Card title="Payload">
          <JsonViewer value={log.payload} label="payload" />
        </Card>
      </div>
      <Card
        title={`Fan-out · ${log.deliveries.length} ${log.deliveries.length === 1 ? "delivery" : "deliveries"}`}
        action={
          log.deliveries.length ? (
            <Link href={deliveriesHref({ logId: log.id })} className="text-xs underline">
              Open in Deliveries
            </Link>
          ) : null
        }
      >
        {log.deliveries.length === 0 ? (
          <EmptyState title="No destination subscribed to this event">
            Destinations receive an event when its type is in their event types (or they take all) and their filter
            matches the payload.
          </EmptyState>
        ) : (
          // On a phone the table scrolls sideways in its own box (relative: its sr-only caption is
          // positioned, and would otherwise widen the page), one line per row.
          <div className="relative overflow-x-auto">
            <table className="w-full text-xs max-md:whitespace-nowrap">
              <caption className="sr-only">Deliveries of this event</caption>
              <thead className="text-left text-zinc-500 dark:text-zinc-400">
                <tr>
                  <th scope="col" className="pb-1 pr-2 font-medium">
                    Destination
                  </th>
                  <th scope="col" className="pb-1 pr-2 font-medium">
                    Status
                  </th>
                  <th scope="col" className="pb-1 pr-2 font-medium">
                    Attempts
                  </th>
                  <th scope="col" className="pb-1 pr-2 font-medium">
                    Response
                  </th>
                  <th scope="col" className="pb-1 pr-2 font-medium">
                    Last attempt
                  </th>
                  <th scope="col" className="pb-1 pr-2 font-medium">
                    Error
                  </th>
                </tr>
              </thead>
              <tbody>
                {log.deliveries.map((d) => (
                  <tr key={d.id} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-1.5 pr-2">
                      <Link href={`/deliveries/${d.id}`} className="font-medium hover:underline">
                        {d.destinationName}
                      </Link>
                    </td>
                    <td className="py-1.5 pr-2">
                      <StatusBadge status={d.status} />
                    </td>
                    <td className="py-1.5 pr-2 tabular-nums">{d.attempts}</td>
                    <td className="py-1.5 pr-2">
                      <HttpStatus code={d.responseStatus} />
                    </td>
                    <td className="py-1.5 pr-2">
                      <RelativeTime date={d.lastAttemptAt} />
                    </td>
                    <td
                      className="max-w-64 truncate py-1.5 text-zinc-600 dark:text-zinc-400"
                      title={d.errorMessage ?? undefined}
                    >
                      {d.errorMessage ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
