import type { Metadata } from "next";
import Link from "next/link";
import { FailedWebhookActions } from "@/components/failures/failed-webhook-actions";
import { StatusBadge } from "@/components/ui/badge";
import { DetailPage, findOrNotFound } from "@/components/shell/detail-page";
import { BreakableText } from "@/components/ui/breakable-text";
import { DetailList } from "@/components/ui/detail-list";
import { JsonViewer } from "@/components/ui/json-viewer";
import { ExactTime, RelativeTime } from "@/components/ui/relative-time";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { can, deniedReason } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getFailedWebhook } from "@/lib/failed-webhooks";

export const metadata: Metadata = { title: "Failed webhook" };

function Gone({ what, id }: { what: string; id: string | null }) {
  return (
    <span className="text-zinc-500 dark:text-zinc-400">
      {what} no longer exists{id ? <span className="font-mono"> ({id})</span> : null}
    </span>
  );
}

export default async function FailedWebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  const row = await findOrNotFound(getFailedWebhook(user.orgId, id));
  const { links } = row;
  return (
    <DetailPage back={{ href: "/failures", label: "Failures" }}>
      <PageHeader
        // Reads "Failed webhook #12 pending": the status follows the name, with a space.
        title={
          <>
            Failed webhook <span className="font-mono">#{row.id}</span>{" "}
            <span className="inline-block align-middle">
              <StatusBadge status={row.status} />
            </span>
          </>
        }
        description={
          <>
            {row.eventType ?? "unknown event"} to {row.destinationName ?? "an unknown destination"}, died{" "}
            <RelativeTime date={row.createdAt} />
          </>
        }
        actions={
          <FailedWebhookActions
            id={row.id}
            status={row.status}
            deliveryExists={Boolean(links.delivery)}
            denied={can(user.role, "manageFailures") ? null : deniedReason("manageFailures")}
          />
        }
      />
      {row.errorMessage ? (
        <Notice tone="error">
          <span className="font-medium">Error:</span> {row.errorMessage}
        </Notice>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Review">
          <DetailList
            items={[
              ["Status", <StatusBadge key="s" status={row.status} />],
              ["Retried from review", `${row.attemptCount} time${row.attemptCount === 1 ? "" : "s"}`],
              ["Last retry", row.lastAttemptAt ? <ExactTime key="l" date={row.lastAttemptAt} /> : null],
              ["Died", <ExactTime key="c" date={row.createdAt} />],
              ["Updated", <RelativeTime key="u" date={row.updatedAt} />],
              ["URL", row.url ? <BreakableText key="url" text={row.url} className="font-mono" /> : null],
            ]}
          />
        </Card>
        <Card title="Links">
          <DetailList
            items={[
              [
                "Delivery",
                links.delivery ? (
                  <Link key="d" href={`/deliveries/${links.delivery.id}`} className="underline">
                    {links.delivery.status}, {links.delivery.attempts} attempt{links.delivery.attempts === 1 ? "" : "s"}
                  </Link>
                ) : (
                  <Gone key="d" what="The delivery" id={row.deliveryId} />
                ),
              ],
              [
                "Destination",
                links.destination ? (
                  <Link key="w" href={`/destinations/${links.destination.id}`} className="underline">
                    {links.destination.name}
                    {links.destination.enabled ? "" : " (disabled)"}
                  </Link>
                ) : (
                  <Gone key="w" what="The destination" id={row.destinationId} />
                ),
              ],
              [
                "Activity log",
                links.activityLog ? (
                  <Link key="l" href={`/activity/${links.activityLog.id}`} className="underline">
                    {links.activityLog.eventType}
                  </Link>
                ) : (
                  <Gone
                    key="l"
                    what="The event"
                    id={typeof row.payload.log_id === "string" ? row.payload.log_id : null}
                  />
                ),
              ],
            ]}
          />
        </Card>
      </div>
      <Card title="Stored payload">
        <JsonViewer value={row.payload} label="payload" defaultOpenDepth={2} />
      </Card>
    </DetailPage>
  );
}
