"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The dashboard's sections, in menu order. */
export const NAV_SECTIONS = [
  { href: "/", label: "Overview" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/failures", label: "Failures" },
  { href: "/destinations", label: "Destinations" },
  { href: "/activity", label: "Activity" },
  { href: "/settings", label: "Settings" },
] as const;

/** The section a dashboard path belongs to ("/deliveries/…" → Deliveries); "/" for anything else. */
export function sectionFor(pathname: string): (typeof NAV_SECTIONS)[number] {
  return (
    NAV_SECTIONS.find((s) => s.href !== "/" && (pathname === s.href || pathname.startsWith(`${s.href}/`))) ??
    NAV_SECTIONS[0]
  );
}

export function NavLinks({ onNavigate }: { onNavigate?: () => void } = {}) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {NAV_SECTIONS.map((item) => {
        const active = item.href === "/" ? pathname === "/" : sectionFor(pathname).href === item.href;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            onClick={onNavigate}
            className={`rounded-md px-3 py-1.5 font-medium ${
              active
                ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
