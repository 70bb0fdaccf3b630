import { request, type APIRequestContext } from "@playwright/test";
import { E2E } from "./env";

/** Signs in through next-auth's own endpoints (CSRF token + credentials callback), not the form. */
export async function signInViaApi(context: APIRequestContext, email: string, password: string): Promise<void> {
  const csrf = await context.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", callbackUrl: "/" },
    maxRedirects: 0,
  });
  const hint = E2E.external
    ? " (check the E2E_<ROLE>_EMAIL / E2E_<ROLE>_PASSWORD or E2E_PASSWORD variables: e2e/README.md)"
    : "";
  if (response.status() >= 400)
    throw new Error(`sign-in as ${email} at ${E2E.baseUrl} failed: HTTP ${response.status()}${hint}`);
  const session = await (await context.get("/api/auth/session")).json();
  if (!session?.user?.email) throw new Error(`sign-in as ${email} at ${E2E.baseUrl} did not create a session${hint}`);
}

export async function storageStateFor(account: { email: string; password: string }, file: string): Promise<void> {
  const context = await request.newContext({ baseURL: E2E.baseUrl });
  await signInViaApi(context, account.email, account.password);
  await context.storageState({ path: file });
  await context.dispose();
}
