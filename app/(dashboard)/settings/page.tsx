import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { AuditLogTable } from "@/components/settings/audit-log-table";
import { SignOutEverywhere } from "@/components/settings/sign-out-everywhere";
import { UsersPanel } from "@/components/settings/users-panel";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { loadAuditSearchParams } from "@/lib/activity/audit-search-params";
import { listAuditAreas, listAuditLogs } from "@/lib/activity/list-audit-logs";
import { listApiKeys } from "@/lib/api-keys/manage-api-keys";
import { can, deniedReason } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/list-users";

export const metadata: Metadata = { title: "Settings" };

const TABS = [
  { id: "users", label: "Users" },
  { id: "api-keys", label: "API keys" },
  { id: "audit", label: "Audit log" },
] as const;
type Tab = (typeof TABS)[number]["id"];

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const params = await searchParams;
  const tab: Tab = TABS.some((t) => t.id === params.tab) ? (params.tab as Tab) : "users";
  return (
    <div className="max-w-6xl">
      <PageHeader title="Settings" description={`Accounts, ingest keys and the change history of ${user.orgName}.`} />
      <nav aria-label="Settings sections" className="mb-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
        {TABS.map((t) => (
          <Link
            key={t.id}
            href={t.id === "users" ? "/settings" : `/settings?tab=${t.id}`}
            aria-current={t.id === tab ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-1.5 text-sm font-medium",
              t.id === tab
                ? "border-zinc-900 text-zinc-900 dark:border-zinc-100 dark:text-zinc-100"
                : "border-transparent text-zinc-500 dark:text-zinc-400 hover:text-zinc-900 dark:hover:text-zinc-100",
            )}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === "users" ? (
        <UsersPanel
          users={await listUsers(user.orgId)}
          currentUserId={user.id}
          denied={can(user.role, "manageUsers") ? null : deniedReason("manageUsers")}
        />
      ) : null}
      {tab === "users" ? <SignOutEverywhere /> : null}
      {tab === "api-keys" ? (
        <ApiKeysPanel
          keys={await listApiKeys(user.orgId)}
          denied={can(user.role, "manageApiKeys") ? null : deniedReason("manageApiKeys")}
        />
      ) : null}
      {tab === "audit" ? (
        <Suspense fallback={<DataTableSkeleton columnCount={5} filterCount={1} />}>
          <AuditLogTable
            promise={(async () => {
              const { area, perPage, cursor, direction } = loadAuditSearchParams(params);
              const [page, areas] = await Promise.all([
                listAuditLogs(
                  user.orgId,
                  { action: area ? `${area}.` : undefined },
                  { cursor, direction, limit: perPage },
                ),
                listAuditAreas(user.orgId),
              ]);
              return { page, areas, perPage };
            })()}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
