"use client";

import { NuqsAdapter } from "nuqs/adapters/next/app";
import { Toaster } from "@/components/ui/toaster";

export function DashboardProviders({ children }: { children: React.ReactNode }) {
  return (
    <NuqsAdapter>
      <Toaster>{children}</Toaster>
    </NuqsAdapter>
  );
}
