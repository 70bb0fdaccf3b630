import { request, type APIRequestContext } from "@playwright/test";
import { E2E } from "./env";

/** Signs in through next-auth's own endpoints (CSRF token + credentials callback), not the form. */
export async function signInViaApi(context: APIRequestContext, email: string, password = E2E.password): Promise<void> {
  const csrf = await context.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", callbackUrl: "/" },
    maxRedirects: 0,
  });
  if (response.status() >= 400) throw new Error(`sign-in as ${email} failed: HTTP ${response.status()}`);
  const session = await (await context.get("/api/auth/session")).json();
  if (!session?.user?.email) throw new Error(`sign-in as ${email} did not create a session`);
}

export async function storageStateFor(email: string, file: string): Promise<void> {
  const context = await request.newContext({ baseURL: E2E.baseUrl });
  await signInViaApi(context, email);
  await context.storageState({ path: file });
  await context.dispose();
}
