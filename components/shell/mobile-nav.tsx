"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { NavLinks } from "./nav-links";
import { cn } from "@/components/ui/cn";

const DRAWER_ID = "mobile-nav";

/**
 * Below the md breakpoint the sidebar is replaced by a menu button that opens the same
 * navigation in a drawer: the project's modal Dialog docked to the left edge, so the browser's
 * <dialog> keeps focus inside, makes the page behind it inert, closes it on Escape and returns
 * focus to the button. Choosing a link closes it too, and so does any other navigation
 * (back/forward) while it is open.
 */
export function MobileNav({ footer }: { footer: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    // The header holding the drawer is hidden from md up: a drawer left open while the window
    // widens (a tablet turned sideways) would leave the page inert behind a dialog nobody sees.
    const wide = window.matchMedia("(min-width: 48rem)");
    const close = () => wide.matches && setOpen(false);
    wide.addEventListener("change", close);
    return () => wide.removeEventListener("change", close);
  }, []);
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={DRAWER_ID}
        onClick={() => setOpen(true)}
        className={cn(
          "inline-flex items-center gap-1.5 rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100",
          "dark:border-zinc-700 dark:hover:bg-zinc-800",
        )}
      >
        <svg aria-hidden viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M2 4h12M2 8h12M2 12h12" strokeLinecap="round" />
        </svg>
        Menu
      </button>
      <Dialog id={DRAWER_ID} open={open} onOpenChange={setOpen} title="Menu" side="left">
        <div className="flex min-h-full flex-col gap-3">
          <NavLinks onNavigate={() => setOpen(false)} />
          <div className="mt-auto border-t border-zinc-200 pt-3 dark:border-zinc-800">{footer}</div>
        </div>
      </Dialog>
    </>
  );
}
