import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage() {
  await requirePageUser();
  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">Activity</h1>
    </div>
  );
}
