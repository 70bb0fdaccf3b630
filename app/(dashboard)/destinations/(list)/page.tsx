import type { Metadata } from "next";
import Link from "next/link";
import { Sparkline } from "@/components/destinations/sparkline";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can, deniedReason } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { listDestinations } from "@/lib/destinations";
import { formatDurationMs } from "@/lib/format/relative-time";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import { SimpleTable } from "@/components/ui/simple-table";
import { deliveriesHref } from "@/lib/deliveries/delivery-search-params";

export const metadata: Metadata = { title: "Destinations" };

function rateTone(rate: number | null): string {
  if (rate == null) return "text-zinc-500 dark:text-zinc-400";
  return rate >= 0.95
    ? "text-emerald-700 dark:text-emerald-400"
    : rate >= 0.8
      ? "text-amber-700 dark:text-amber-400"
      : "text-red-700 dark:text-red-400";
}

export default async function DestinationsPage() {
  const user = await requirePageUser();
  const destinations = await listDestinations(user.orgId);
  const canManage = can(user.role, "manageDestinations");
  return (
    <div>
      <PageHeader
        title="Destinations"
        description="Where events are delivered, with their last 24 hours."
        actions={
          canManage ? (
            <ButtonLink href="/destinations/new" variant="primary">
              New destination
            </ButtonLink>
          ) : (
            <span className="text-xs text-zinc-500 dark:text-zinc-400" title={deniedReason("manageDestinations")}>
              {deniedReason("manageDestinations")}: you can look, not change.
            </span>
          )
        }
      />
      {destinations.length === 0 ? (
        <EmptyState title="No destinations yet">
          {canManage ? (
            <Link href="/destinations/new" className="underline">
              Create the first one
            </Link>
          ) : (
            "A team lead or admin can create one."
          )}
        </EmptyState>
      ) : (
        <SimpleTable
          caption="Destinations with their last 24 hours"
          columns={[
            { label: "Name" },
            { label: "State" },
            { label: "Event types" },
            { label: "Last 24 h" },
            { label: "Success", align: "right" },
            { label: "p95", align: "right" },
            { label: "Last failure" },
          ]}
        >
          {destinations.map((d) => (
            <tr
              key={d.id}
              className="border-t border-zinc-100 align-middle hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900"
            >
              <td className="max-w-72 px-2 py-2">
                <Link href={`/destinations/${d.id}`} className="font-medium hover:underline">
                  {d.name}
                </Link>
                <div className="truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400" title={d.url}>
                  {d.url}
                </div>
              </td>
              <td className="px-2">{d.enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>}</td>
              <td className="max-w-64 px-2">
                {d.eventTypes.length === 0 ? (
                  <span className="text-zinc-500 dark:text-zinc-400">all events</span>
                ) : (
                  <span className="line-clamp-2 font-mono text-[11px]" title={d.eventTypes.join(", ")}>
                    {d.eventTypes.join(", ")}
                  </span>
                )}
                {d.eventFilter ? (
                  <div
                    className="truncate font-mono text-[11px] text-violet-700 dark:text-violet-400"
                    title={JSON.stringify(d.eventFilter)}
                  >
                    filter {JSON.stringify(d.eventFilter)}
                  </div>
                ) : null}
              </td>
              <td className="px-2">
                <Link
                  href={deliveriesHref({ destinationId: [d.id] })}
                  aria-label={`Deliveries of ${d.name}`}
                  className="inline-flex items-center gap-2"
                >
                  <Sparkline hourly={d.hourly} />
                  <span className="tabular-nums text-zinc-500 dark:text-zinc-400">{formatCount(d.attempts24h)}</span>
                </Link>
              </td>
              <td className={`px-2 text-right tabular-nums ${rateTone(d.successRate24h)}`}>
                {formatPercent(d.successRate24h)}
              </td>
              <td className="px-2 text-right tabular-nums">{formatDurationMs(d.p95ResponseMs24h)}</td>
              <td className="max-w-64 px-2">
                {d.lastFailure ? (
                  <Link
                    href={deliveriesHref({
                      destinationId: [d.id],
                      status: ["failed", "dead"],
                      sort: { by: "last_attempt_at", order: "desc" },
                    })}
                    className="block hover:underline"
                  >
                    <RelativeTime date={d.lastFailure.at} />
                    <span
                      className="block truncate text-zinc-500 dark:text-zinc-400"
                      title={d.lastFailure.error ?? undefined}
                    >
                      {d.lastFailure.error}
                    </span>
                  </Link>
                ) : (
                  <span className="text-zinc-500 dark:text-zinc-400">none</span>
                )}
              </td>
            </tr>
          ))}
        </SimpleTable>
      )}
    </div>
  );
}
