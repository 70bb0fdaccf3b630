import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Destinations" };

export default async function DestinationsPage() {
  await requirePageUser();
  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">Destinations</h1>
    </div>
  );
}
