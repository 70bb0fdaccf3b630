import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePageUser();
  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">Settings</h1>
    </div>
  );
}
