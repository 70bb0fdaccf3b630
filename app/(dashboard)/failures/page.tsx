import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Failures" };

export default async function FailuresPage() {
  await requirePageUser();
  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">Failures</h1>
    </div>
  );
}
