import type { Metadata } from "next";
import Link from "next/link";
import { HttpStatus, StatusBadge } from "@/components/ui/badge";
import { DetailPage, findOrNotFound } from "@/components/shell/detail-page";
import { BreakableText } from "@/components/ui/breakable-text";
import { DetailList } from "@/components/ui/detail-list";
import { JsonViewer } from "@/components/ui/json-viewer";
import { ExactTime, RelativeTime } from "@/components/ui/relative-time";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getActivityLog } from "@/lib/activity/get-activity-log";
import { requirePageUser } from "@/lib/auth/session";
import { SimpleTable } from "@/components/ui/simple-table";
import { deliveriesHref } from "@/lib/deliveries/delivery-search-params";

export const metadata: Metadata = { title: "Activity event" };

export default async function ActivityLogPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  const log = await findOrNotFound(getActivityLog(user.orgId, id));
  return (
    <DetailPage back={{ href: "/activity", label: "Activity" }} className="max-w-5xl">
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
          <SimpleTable
            variant="plain"
            nowrapOnPhone
            caption="Deliveries of this event"
            columns={[
              { label: "Destination" },
              { label: "Status" },
              { label: "Attempts" },
              { label: "Response" },
              { label: "Last attempt" },
              { label: "Error" },
            ]}
          >
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
          </SimpleTable>
        )}
      </Card>
    </DetailPage>
  );
}
