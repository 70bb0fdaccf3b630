import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Deliveries" };

export default async function DeliveriesPage() {
  await requirePageUser();
  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">Deliveries</h1>
    </div>
  );
}
