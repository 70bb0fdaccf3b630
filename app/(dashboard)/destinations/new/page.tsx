import type { Metadata } from "next";
import Link from "next/link";
import { DestinationForm } from "@/components/destinations/destination-form";
import { PageHeader } from "@/components/ui/page-header";
import { can, deniedReason } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { listEventTypes } from "@/lib/destinations";

export const metadata: Metadata = { title: "New destination" };

export default async function NewDestinationPage() {
  const user = await requirePageUser();
  const eventTypes = await listEventTypes(user.orgId);
  return (
    <div>
      <div className="mb-2 text-xs">
        <Link href="/destinations" className="text-zinc-500 dark:text-zinc-400 hover:underline">
          ← Destinations
        </Link>
      </div>
      <PageHeader
        title="New destination"
        description="A URL that receives signed webhooks for the events it subscribes to."
      />
      <DestinationForm
        eventTypeSuggestions={eventTypes}
        denied={can(user.role, "manageDestinations") ? null : deniedReason("manageDestinations")}
      />
    </div>
  );
}
