"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { FormError } from "@/components/ui/form-error";

function describeError(code: string | undefined | null): string | null {
  if (!code) return null;
  if (code.startsWith("RateLimited")) {
    const seconds = Number(code.split(":")[1]);
    const minutes = Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds / 60)) : 15;
    return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  if (code === "CredentialsSignin") return "Wrong email or password.";
  if (code === "AccessDenied") return "This account has no access to Hookline.";
  return "Sign-in failed. Try again.";
}

export function LoginForm({
  callbackUrl,
  initialError,
  oidc,
  oidcName,
}: {
  callbackUrl: string;
  initialError?: string;
  oidc: boolean;
  oidcName: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(describeError(initialError));
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
      callbackUrl,
    });
    if (!result || result.error) {
      setPending(false);
      setError(describeError(result?.error ?? "Unknown"));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" aria-label="Sign in" noValidate>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Email
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          className="rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-950"
        />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-950"
        />
      </label>
      {error ? <FormError>{error}</FormError> : null}
      <button
        type="submit"
        disabled={pending}
        className={cn(
          "rounded-md bg-zinc-900 px-3 py-1.5 font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100",
          "dark:text-zinc-900",
        )}
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {oidc ? (
        <button
          type="button"
          onClick={() => signIn("oidc", { callbackUrl })}
          className="rounded-md border border-zinc-300 px-3 py-1.5 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Continue with {oidcName}
        </button>
      ) : null}
    </form>
  );
}
