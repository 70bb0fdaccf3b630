import type { Metadata } from "next";
import Link from "next/link";
import { AttemptList } from "@/components/deliveries/attempt-list";
import { DeliveryActions } from "@/components/deliveries/delivery-actions";
import { HttpStatus, StatusBadge } from "@/components/ui/badge";
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
import { getDeliveryDetail } from "@/lib/deliveries";

export const metadata: Metadata = { title: "Delivery" };

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  const detail = await findOrNotFound(getDeliveryDetail(user.orgId, id));
  const { delivery, log, destination } = detail;
  const waiting = delivery.status === "pending" || delivery.status === "failed";
  return (
    <DetailPage back={{ href: "/deliveries", label: "Deliveries" }}>
      <PageHeader
        // One sentence, spaces included, so it reads (and is announced) as "Delivery of
        // order.created to Acme CRM dead" rather than words run together by a flex layout.
        title={
          <>
            Delivery of <span className="font-mono">{log.eventType}</span> to{" "}
            <Link href={`/destinations/${destination.id}`} className="hover:underline">
              {destination.name}
            </Link>{" "}
            <span className="inline-block align-middle">
              <StatusBadge status={delivery.status} />
            </span>
          </>
        }
        description={<BreakableText text={delivery.id} className="font-mono" />}
        actions={
          <DeliveryActions
            id={delivery.id}
            status={delivery.status}
            denied={can(user.role, "manageDeliveries") ? null : deniedReason("manageDeliveries")}
          />
        }
      />
      {delivery.errorMessage && delivery.status !== "delivered" ? (
        <Notice tone={delivery.status === "dead" ? "error" : "warning"} role="alert">
          <span className="font-medium">Current error:</span> {delivery.errorMessage}
          {delivery.responseStatus ? <> (HTTP {delivery.responseStatus})</> : null}
        </Notice>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Delivery">
          <DetailList
            items={[
              ["Status", <StatusBadge key="s" status={delivery.status} />],
              ["Attempts", `${delivery.attempts} of ${destination.retryMax}`],
              ["Created", <ExactTime key="c" date={delivery.createdAt} />],
              ["Last attempt", delivery.lastAttemptAt ? <RelativeTime key="l" date={delivery.lastAttemptAt} /> : null],
              [
                "Next retry",
                waiting ? (
                  delivery.nextRetryAt ? (
                    <RelativeTime key="n" date={delivery.nextRetryAt} />
                  ) : (
                    "as soon as a dispatcher runs"
                  )
                ) : null,
              ],
              ["Delivered", delivery.deliveredAt ? <ExactTime key="d" date={delivery.deliveredAt} /> : null],
              ["Last response", <HttpStatus key="r" code={delivery.responseStatus} />],
              [
                "Dead letter",
                detail.failedWebhook ? (
                  <Link key="f" href={`/failures/${detail.failedWebhook.id}`} className="underline">
                    #{detail.failedWebhook.id} ({detail.failedWebhook.status.replace("_", " ")})
                  </Link>
                ) : null,
              ],
            ]}
          />
        </Card>
        <Card title="Destination">
          <DetailList
            items={[
              [
                "Name",
                <Link key="n" href={`/destinations/${destination.id}`} className="underline">
                  {destination.name}
                </Link>,
              ],
              ["URL", <BreakableText key="u" text={destination.url} className="font-mono" />],
              ["Auth", destination.authType],
              ["Enabled", destination.enabled ? "yes" : "no — deliveries wait until it is enabled"],
            ]}
          />
        </Card>
      </div>
      <Card
        title="Event"
        action={
          <Link href={`/activity/${log.id}`} className="text-xs underline">
            Activity log
          </Link>
        }
      >
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
          <DetailList
            items={[
              [
                "Type",
                <span key="t" className="font-mono">
                  {log.eventType}
                </span>,
              ],
              ["Category", log.eventCategory],
              ["Client", log.clientName ? `${log.clientName} ${log.clientVersion ?? ""}` : null],
              ["Received", <ExactTime key="r" date={log.createdAt} />],
              ["Content", log.content],
            ]}
          />
          <JsonViewer value={log.payload} label="payload" />
        </div>
      </Card>
      {delivery.responseBody && delivery.status !== "delivered" ? (
        <Card title="Last response body">
          <JsonViewer value={delivery.responseBody} label="response body" />
        </Card>
      ) : null}
      <Card title={`Attempts · ${detail.attempts.length}`}>
        <AttemptList attempts={detail.attempts} />
      </Card>
    </DetailPage>
  );
}
