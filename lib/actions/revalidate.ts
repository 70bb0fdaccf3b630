import { revalidatePath } from "next/cache";

/**
 * revalidatePath needs Next's request store. The same action bodies also run outside a request
 * (integration tests, scripts) where there is no cache to invalidate, so that one invariant is
 * ignored; anything else still throws.
 */
export function revalidatePaths(...paths: string[]): void {
  for (const path of paths) {
    try {
      revalidatePath(path, path.includes("[") ? "page" : undefined);
    } catch (error) {
      if (error instanceof Error && error.message.includes("static generation store missing")) continue;
      throw error;
    }
  }
}
