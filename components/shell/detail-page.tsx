import Link from "next/link";
import { notFound } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { NotFoundError } from "@/lib/errors";

/**
 * The record a detail page shows, or the dashboard's 404 (app/(dashboard)/not-found.tsx) when
 * there is none — an id of another organisation included, so a page never tells the two apart.
 */
export async function findOrNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

/** A detail page's frame: the link back to its list, then the page. */
export function DetailPage({
  back,
  className = "max-w-6xl",
  children,
}: {
  /** The list the record belongs to: `{ href: "/deliveries", label: "Deliveries" }`. */
  back: { href: string; label: string };
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={cn("flex flex-col gap-4", className)}>
      <div className="text-xs">
        <Link href={back.href} className="text-zinc-500 dark:text-zinc-400 hover:underline">
          {`← ${back.label}`}
        </Link>
      </div>
      {children}
    </div>
  );
}
