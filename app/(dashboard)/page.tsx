import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { getDeliveryStatusCounts } from "@/lib/overview/get-status-counts";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requirePageUser();
  const counts = await getDeliveryStatusCounts(user.orgId, 24 * 7);
  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">Overview</h1>
      <p className="mb-3 text-zinc-500 dark:text-zinc-400">Deliveries in the last 7 days</p>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {(Object.keys(counts) as (keyof typeof counts)[]).map((status) => (
          <Link key={status} href={`/deliveries?status=${status}`} className="rounded-lg border border-zinc-200 p-4 hover:border-zinc-400 dark:border-zinc-800">
            <div className="text-xs uppercase tracking-wide text-zinc-500">{status}</div>
            <div className="text-2xl font-semibold tabular-nums">{counts[status].toLocaleString("en-US")}</div>
          </Link>
        ))}
      </div>
    </div>
  );
}
