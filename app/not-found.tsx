import Link from "next/link";

/** An address no route matches (outside the dashboard's own not-found, which has the shell). */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-6 py-16">
      <h1 className="text-lg font-semibold tracking-tight">Page not found</h1>
      <p className="mt-1 text-zinc-600 dark:text-zinc-400">Nothing lives at this address.</p>
      <p className="mt-3">
        <Link href="/" className="font-medium underline">
          Go to the overview
        </Link>
      </p>
    </main>
  );
}
