import { redirect } from "next/navigation";
import type { Metadata } from "next";
import { getSessionUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/http/safe-redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const oidc = Boolean(process.env.OIDC_ISSUER && process.env.OIDC_CLIENT_ID && process.env.OIDC_CLIENT_SECRET);
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 p-4 dark:bg-zinc-950">
      <div className="w-full max-w-sm rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-lg font-semibold">Sign in to Hookline</h1>
        <p className="mb-4 text-xs text-zinc-500 dark:text-zinc-400">Webhook delivery console</p>
        <LoginForm
          callbackUrl={callbackUrl}
          initialError={typeof params.error === "string" ? params.error : undefined}
          oidc={oidc}
          oidcName={process.env.OIDC_NAME || "Single sign-on"}
        />
      </div>
    </main>
  );
}
