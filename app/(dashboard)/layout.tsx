import { requirePageUser } from "@/lib/auth/session";
import { NavLinks } from "@/components/shell/nav-links";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { DashboardProviders } from "@/components/shell/dashboard-providers";
import { MobileNav } from "@/components/shell/mobile-nav";
import { cn } from "@/components/ui/cn";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  // Who is signed in, with the theme and sign-out controls: in the sidebar, and in the drawer
  // that replaces it on small screens.
  const account = (testIds: boolean) => (
    <>
      <div className="px-3">
        <div className="truncate font-medium" data-testid={testIds ? "user-name" : undefined}>
          {user.name}
        </div>
        <div className="truncate text-xs text-zinc-500 dark:text-zinc-400">{user.email}</div>
        <div
          className={cn(
            "mt-1 inline-block rounded bg-zinc-200 px-1.5 py-0.5 text-[11px] font-medium uppercase tracking-wide text-zinc-700",
            "dark:bg-zinc-800 dark:text-zinc-300",
          )}
          data-testid={testIds ? "user-role" : undefined}
        >
          {user.role}
        </div>
      </div>
      <div className="mt-2 flex items-center justify-between px-1">
        <ThemeToggle />
        <SignOutButton />
      </div>
    </>
  );
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className={cn(
          "sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3",
          "focus:py-1.5 focus:shadow dark:focus:bg-zinc-900",
        )}
      >
        Skip to content
      </a>
      <header
        className={cn(
          "sticky top-0 z-30 flex items-center justify-between gap-3 border-b border-zinc-200 bg-zinc-50 px-4 py-2 md:hidden",
          "dark:border-zinc-800 dark:bg-zinc-900",
        )}
      >
        <div className="min-w-0">
          <div className="text-base font-semibold tracking-tight">Hookline</div>
          <div className="truncate text-xs text-zinc-500 dark:text-zinc-400">{user.orgName}</div>
        </div>
        <MobileNav footer={account(false)} />
      </header>
      <aside
        className={cn(
          "sticky top-0 hidden h-screen w-56 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 p-3 md:flex",
          "dark:border-zinc-800 dark:bg-zinc-900",
        )}
      >
        <div className="mb-4 px-3 pt-1">
          <div className="text-base font-semibold tracking-tight">Hookline</div>
          <div className="truncate text-xs text-zinc-500 dark:text-zinc-400" data-testid="org-name">
            {user.orgName}
          </div>
        </div>
        <NavLinks />
        <div className="mt-auto border-t border-zinc-200 pt-3 dark:border-zinc-800">{account(true)}</div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-4 md:px-6 md:py-5">
        <DashboardProviders>{children}</DashboardProviders>
      </main>
    </div>
  );
}
