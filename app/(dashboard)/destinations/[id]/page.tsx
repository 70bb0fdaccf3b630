import type { Metadata } from "next";
import Link from "next/link";
import { DestinationControls } from "@/components/destinations/destination-controls";
import { DestinationForm } from "@/components/destinations/destination-form";
import { SigningSecretCard } from "@/components/destinations/signing-secret-card";
import { Sparkline } from "@/components/destinations/sparkline";
import { Badge } from "@/components/ui/badge";
import { DetailPage, findOrNotFound } from "@/components/shell/detail-page";
import { BreakableText } from "@/components/ui/breakable-text";
import { DetailList } from "@/components/ui/detail-list";
import { RelativeTime } from "@/components/ui/relative-time";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { can, deniedReason } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getDestination, listDestinations, listEventTypes } from "@/lib/destinations";
import { formatDurationMs } from "@/lib/format/relative-time";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import { deliveriesHref } from "@/lib/deliveries/delivery-search-params";
import { failuresHref } from "@/lib/failed-webhooks/failed-webhook-search-params";

export const metadata: Metadata = { title: "Destination" };

export default async function DestinationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  const destination = await findOrNotFound(getDestination(user.orgId, id));
  const [all, eventTypes] = await Promise.all([listDestinations(user.orgId), listEventTypes(user.orgId)]);
  const health = all.find((d) => d.id === destination.id);
  const manageDenied = can(user.role, "manageDestinations") ? null : deniedReason("manageDestinations");
  return (
    <DetailPage back={{ href: "/destinations", label: "Destinations" }}>
      <PageHeader
        // Reads "Acme CRM enabled": name, a space, then the state.
        title={
          <>
            {destination.name}{" "}
            <span className="inline-block align-middle">
              {destination.enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>}
            </span>
          </>
        }
        description={<BreakableText text={destination.url} className="font-mono" />}
        actions={
          <DestinationControls
            id={destination.id}
            name={destination.name}
            enabled={destination.enabled}
            denied={manageDenied}
          />
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Last 24 hours">
          {health ? (
            <div className="flex flex-col gap-3">
              <Sparkline hourly={health.hourly} width={240} height={40} />
              <DetailList
                items={[
                  ["Attempts", formatCount(health.attempts24h)],
                  ["Success rate", formatPercent(health.successRate24h)],
                  ["p95 response", formatDurationMs(health.p95ResponseMs24h)],
                  [
                    "Last failure",
                    health.lastFailure ? (
                      <span key="f">
                        <RelativeTime date={health.lastFailure.at} />{" "}
                        <span className="text-zinc-500 dark:text-zinc-400">{health.lastFailure.error}</span>
                      </span>
                    ) : (
                      "none"
                    ),
                  ],
                ]}
              />
              <p className="flex gap-3 text-xs">
                <Link className="underline" href={deliveriesHref({ destinationId: [destination.id] })}>
                  Deliveries
                </Link>
                <Link
                  className="underline"
                  href={deliveriesHref({ destinationId: [destination.id], status: ["failed", "dead"] })}
                >
                  Failing deliveries
                </Link>
                <Link
                  className="underline"
                  href={failuresHref({ destinationId: [destination.id], status: ["pending"] })}
                >
                  Dead letters
                </Link>
              </p>
            </div>
          ) : null}
        </Card>
        <Card title="Signing secret" className="lg:col-span-2">
          <SigningSecretCard
            id={destination.id}
            masked={destination.signingSecretMasked}
            previousExpiresAt={destination.previousSecretExpiresAt}
            revealDenied={can(user.role, "revealSecrets") ? null : deniedReason("revealSecrets")}
            rotateDenied={manageDenied}
          />
          <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
            Created <RelativeTime date={destination.createdAt} />, last changed{" "}
            <RelativeTime date={destination.updatedAt} />.
          </p>
        </Card>
      </div>
      <Card title="Settings">
        <DestinationForm
          key={destination.updatedAt.toISOString()}
          destination={destination}
          eventTypeSuggestions={eventTypes}
          denied={manageDenied}
        />
      </Card>
    </DetailPage>
  );
}
