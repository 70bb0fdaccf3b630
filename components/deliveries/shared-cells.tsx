import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";

// Cells the deliveries and failures tables share.

/** The row's first cell: when it was created, linking to its page under a name that says what opens. */
export function OpenRowLink({ href, label, date }: { href: string; label: string; date: Date }) {
  return (
    <Link href={href} className="font-medium hover:underline" aria-label={label}>
      <RelativeTime date={date} />
    </Link>
  );
}

/** An error message cut to the column's width, whole in its tooltip. */
export function ErrorExcerpt({ message }: { message: string | null }) {
  return (
    <span className="block truncate text-zinc-600 dark:text-zinc-400" title={message ?? undefined}>
      {message ?? ""}
    </span>
  );
}
