"use client";

import { signOut } from "next-auth/react";
import { signOutEverywhereAction } from "@/actions/settings";
import { Button } from "@/components/ui/button";
import { useAction } from "@/hooks/use-action";

/** Ends every session of the signed-in user (a lost laptop, a shared browser), this one included. */
export function SignOutEverywhere() {
  const { execute, pending, error } = useAction(signOutEverywhereAction);
  return (
    <section aria-labelledby="sessions-heading" className="mt-8 flex flex-col gap-2">
      <h2 id="sessions-heading" className="text-sm font-semibold">
        Your sessions
      </h2>
      <p className="text-zinc-600 dark:text-zinc-400">
        Signed in somewhere you no longer trust? End every session of your account, on every device.
      </p>
      <div className="flex items-center gap-3">
        <Button
          type="button"
          variant="secondary"
          disabled={pending}
          onClick={async () => {
            const result = await execute({});
            if (result.ok) await signOut({ callbackUrl: "/login" });
          }}
        >
          Sign out everywhere
        </Button>
        {error ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </div>
    </section>
  );
}
