"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { sectionFor } from "./nav-links";

/**
 * The way back from a page that does not exist: not-found.tsx gets no props, so the section
 * ("Back to Deliveries") comes from the address.
 */
export function BackToSection({ className }: { className?: string }) {
  const section = sectionFor(usePathname() ?? "/");
  return (
    <Link href={section.href} className={className}>
      {section.href === "/" ? "Back to the overview" : `Back to ${section.label}`}
    </Link>
  );
}
