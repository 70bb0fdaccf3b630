"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { NavLinks } from "./nav-links";

/**
 * Below the md breakpoint the sidebar is replaced by a menu button that opens the same
 * navigation in a drawer. A modal <dialog> gives what a drawer needs without a library: the
 * rest of the page is inert while it is open (focus stays inside), Escape closes it, and the
 * browser returns focus to the button. Choosing a link closes it too.
 */
export function MobileNav({ footer }: { footer: React.ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    dialog.current?.close();
  }, [pathname]);
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-controls="mobile-nav"
        onClick={() => dialog.current?.showModal()}
        className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium dark:border-zinc-700"
      >
        Menu
      </button>
      <dialog
        ref={dialog}
        id="mobile-nav"
        aria-label="Menu"
        className="m-0 h-dvh max-h-none w-72 max-w-[85vw] border-r border-zinc-200 bg-zinc-50 p-3 text-zinc-900 backdrop:bg-black/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
        onClick={(event) => {
          // A click on the backdrop (the dialog element itself, outside its content) closes it.
          if (event.target === dialog.current) dialog.current.close();
        }}
      >
        <div className="flex h-full flex-col">
          <div className="mb-3 flex items-center justify-between px-3 pt-1">
            <span className="text-base font-semibold tracking-tight">Hookline</span>
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="rounded px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            >
              Close
            </button>
          </div>
          <NavLinks onNavigate={() => dialog.current?.close()} />
          <div className="mt-auto border-t border-zinc-200 pt-3 dark:border-zinc-800">{footer}</div>
        </div>
      </dialog>
    </>
  );
}
