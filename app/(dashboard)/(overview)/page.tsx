import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { DeliveryTimelineChart } from "@/components/overview/delivery-timeline-chart";
import { StatusBadge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { RelativeTime } from "@/components/ui/relative-time";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { requirePageUser } from "@/lib/auth/session";
import { formatAge } from "@/lib/format/relative-time";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import { deliveriesHref } from "@/lib/deliveries/delivery-search-params";
import { failuresHref } from "@/lib/failed-webhooks/failed-webhook-search-params";
import { DELIVERY_STATUSES, getDeliveryOverview, type OverviewRange } from "@/lib/overview/get-delivery-overview";
import { getQueueHealth } from "@/lib/overview/get-queue-health";
import { SimpleTable } from "@/components/ui/simple-table";

export const metadata: Metadata = { title: "Overview" };

const RANGE_LABEL: Record<OverviewRange, string> = { "24h": "Last 24 hours", "7d": "Last 7 days" };

function RangeTabs({ range }: { range: OverviewRange }) {
  return (
    <nav
      aria-label="Time range"
      className="inline-flex rounded-md border border-zinc-300 p-0.5 text-xs dark:border-zinc-700"
    >
      {(["24h", "7d"] as const).map((r) => (
        <Link
          key={r}
          href={r === "24h" ? "/" : `/?range=${r}`}
          aria-current={r === range ? "page" : undefined}
          className={cn(
            "rounded px-2.5 py-1 font-medium",
            r === range
              ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
              : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
          )}
        >
          {r === "24h" ? "24 h" : "7 d"}
        </Link>
      ))}
    </nav>
  );
}

function Stat({
  label,
  value,
  hint,
  href,
  tone,
}: {
  label: string;
  value: React.ReactNode;
  hint?: React.ReactNode;
  href: string;
  tone?: "red" | "amber" | "green";
}) {
  return (
    <Link
      href={href}
      className={cn(
        "group flex flex-col gap-0.5 rounded-lg border border-zinc-200 bg-white px-3 py-2.5 hover:border-zinc-400",
        "dark:border-zinc-800 dark:bg-zinc-900/40 dark:hover:border-zinc-600",
      )}
    >
      <span className="text-[11px] font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</span>
      <span
        className={cn(
          "text-2xl font-semibold tabular-nums",
          tone === "red" && "text-red-600 dark:text-red-400",
          tone === "amber" && "text-amber-600 dark:text-amber-400",
          tone === "green" && "text-emerald-600 dark:text-emerald-400",
        )}
      >
        {value}
      </span>
      {hint ? (
        <span
          className={cn(
            "text-xs text-zinc-500 dark:text-zinc-400",
            "group-hover:text-zinc-700 dark:text-zinc-400 dark:group-hover:text-zinc-200",
          )}
        >
          {hint}
        </span>
      ) : null}
    </Link>
  );
}

async function OverviewContent({ orgId, range }: { orgId: string; range: OverviewRange }) {
  const [overview, health] = await Promise.all([getDeliveryOverview(orgId, range), getQueueHealth(orgId)]);
  const counts = overview.counts[range];
  const total = DELIVERY_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const since = new Date(overview.since);
  const rate = overview.successRate[range];
  const oldestAge = health.oldestUndeliveredAgeMs;
  return (
    <div className="flex flex-col gap-4">
      <section
        aria-label={`Deliveries, ${RANGE_LABEL[range].toLowerCase()}`}
        className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7"
      >
        <Stat
          label="Deliveries"
          value={formatCount(total)}
          hint={`${RANGE_LABEL[range]} →`}
          href={deliveriesHref({ createdFrom: since })}
        />
        <Stat
          label="Success rate"
          value={formatPercent(rate)}
          tone={rate == null ? undefined : rate >= 0.95 ? "green" : rate >= 0.8 ? "amber" : "red"}
          hint={`${RANGE_LABEL[range === "24h" ? "7d" : "24h"]}: ${formatPercent(overview.successRate[range === "24h" ? "7d" : "24h"])}`}
          href={deliveriesHref({ status: ["delivered"], createdFrom: since })}
        />
        <Stat
          label="Delivered"
          value={formatCount(counts.delivered)}
          tone="green"
          hint={`7 d: ${formatCount(overview.counts["7d"].delivered)}`}
          href={deliveriesHref({ status: ["delivered"], createdFrom: since })}
        />
        <Stat
          label="Retrying"
          value={formatCount(counts.failed)}
          tone={counts.failed ? "amber" : undefined}
          hint={`7 d: ${formatCount(overview.counts["7d"].failed)}`}
          href={deliveriesHref({ status: ["failed"], createdFrom: since })}
        />
        <Stat
          label="Dead"
          value={formatCount(counts.dead)}
          tone={counts.dead ? "red" : undefined}
          hint={`7 d: ${formatCount(overview.counts["7d"].dead)}`}
          href={deliveriesHref({ status: ["dead"], createdFrom: since })}
        />
        <Stat
          label="Oldest undelivered"
          value={oldestAge == null ? "—" : formatAge(oldestAge)}
          tone={oldestAge != null && oldestAge > 3600_000 ? "amber" : undefined}
          hint={
            <>
              {formatCount(counts.pending)} pending, {formatCount(counts.failed)} retrying
            </>
          }
          href={deliveriesHref({ status: ["pending", "failed"], sort: { by: "created_at", order: "asc" } })}
        />
        <Stat
          label="Dead-letter queue"
          value={`${formatCount(health.deadLetterPending)}${health.deadLetterPendingCapped ? "+" : ""}`}
          tone={health.deadLetterPending ? "red" : undefined}
          hint="Awaiting review →"
          href={failuresHref({ status: ["pending"] })}
        />
      </section>

      <div className="grid gap-4 xl:grid-cols-3">
        <Card title={`Deliveries over time · ${RANGE_LABEL[range].toLowerCase()}`} className="xl:col-span-2">
          {total === 0 ? (
            <EmptyState title="No deliveries in this range">
              Events sent to the ingest API fan out to destinations and show up here.
            </EmptyState>
          ) : (
            <DeliveryTimelineChart timeline={overview.timeline} bucketMinutes={overview.bucketMinutes} />
          )}
        </Card>
        <Card title="Top failing destinations">
          {overview.topFailing.length === 0 ? (
            <EmptyState title="No failures in this range" />
          ) : (
            <SimpleTable
              variant="plain"
              caption={`Destinations with the most failed or dead deliveries, ${RANGE_LABEL[range].toLowerCase()}`}
              columns={[
                { label: "Destination" },
                { label: "Failing", align: "right" },
                { label: "Dead", align: "right" },
                { label: "Rate", align: "right" },
              ]}
            >
              {overview.topFailing.map((d) => (
                <tr key={d.id} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="max-w-0 py-1.5 pr-2">
                    <Link
                      href={deliveriesHref({ destinationId: [d.id], status: ["failed", "dead"], createdFrom: since })}
                      className="block truncate font-medium hover:underline"
                    >
                      {d.name}
                    </Link>
                  </td>
                  <td className="py-1.5 text-right tabular-nums">{formatCount(d.failing)}</td>
                  <td className="py-1.5 text-right tabular-nums">
                    <Link
                      href={deliveriesHref({ destinationId: [d.id], status: ["dead"], createdFrom: since })}
                      className="hover:underline"
                    >
                      {formatCount(d.dead)}
                    </Link>
                  </td>
                  <td className="py-1.5 text-right tabular-nums text-red-600 dark:text-red-400">
                    {formatPercent(d.failureRate, 0)}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>
      </div>

      <Card title="By status">
        <div className="grid grid-cols-2 gap-x-6 gap-y-1 text-xs md:grid-cols-4">
          {DELIVERY_STATUSES.map((s) => (
            <div key={s} className="flex items-center justify-between gap-2">
              <Link href={deliveriesHref({ status: [s], createdFrom: since })} className="hover:underline">
                <StatusBadge status={s} />
              </Link>
              <span className="tabular-nums">
                <span className="font-medium">{formatCount(overview.counts["24h"][s])}</span>{" "}
                <span className="text-zinc-500 dark:text-zinc-400">24 h</span> ·{" "}
                <span className="font-medium">{formatCount(overview.counts["7d"][s])}</span>{" "}
                <span className="text-zinc-500 dark:text-zinc-400">7 d</span>
              </span>
            </div>
          ))}
        </div>
        {health.oldestUndeliveredAt && health.oldestUndeliveredId ? (
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
            Oldest undelivered:{" "}
            <Link className="underline" href={`/deliveries/${health.oldestUndeliveredId}`}>
              created <RelativeTime date={health.oldestUndeliveredAt} />
            </Link>
          </p>
        ) : null}
      </Card>
    </div>
  );
}

function OverviewSkeleton() {
  return (
    <div className="flex flex-col gap-4" role="status" aria-label="Loading overview">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
        {Array.from({ length: 7 }, (_, i) => (
          <Skeleton key={i} className="h-[76px]" />
        ))}
      </div>
      <div className="grid gap-4 xl:grid-cols-3">
        <Skeleton className="h-80 xl:col-span-2" />
        <Skeleton className="h-80" />
      </div>
    </div>
  );
}

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const range: OverviewRange = (await searchParams).range === "7d" ? "7d" : "24h";
  return (
    <div>
      <PageHeader
        title="Overview"
        description={`Deliveries for ${user.orgName}. Every figure links to the matching rows.`}
        actions={<RangeTabs range={range} />}
      />
      <Suspense key={range} fallback={<OverviewSkeleton />}>
        <OverviewContent orgId={user.orgId} range={range} />
      </Suspense>
    </div>
  );
}
