import { BackToSection } from "@/components/shell/back-to-section";

/**
 * notFound() from any dashboard page — also what an id from another organisation gets. The
 * detail pages have no loading boundary above them, so this answers with HTTP 404.
 */
export default function DashboardNotFound() {
  return (
    <div className="max-w-xl">
      <h1 className="text-lg font-semibold tracking-tight">Not found</h1>
      <p className="mt-1 text-zinc-600 dark:text-zinc-400">It does not exist, or it belongs to another organisation.</p>
      <p className="mt-3">
        <BackToSection className="font-medium underline" />
      </p>
    </div>
  );
}
