import Link from "next/link";
import { EmptyState } from "@/components/ui/states";

/** notFound() from any dashboard page — also what an id from another organisation gets. */
export default function DashboardNotFound() {
  return (
    <div className="max-w-xl">
      <EmptyState title="Not found">
        It does not exist, or it belongs to another organisation.{" "}
        <Link href="/" className="underline">
          Back to the overview
        </Link>
      </EmptyState>
    </div>
  );
}
