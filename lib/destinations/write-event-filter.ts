import { Prisma } from "../db/generated/prisma/client";
import type { Tx } from "../db/transaction";

/**
 * Stores a destination's event filter exactly as given. Raw: Prisma's JSON input rebuilds
 * objects key by key and silently drops "__proto__" keys (at any depth), while the filter is
 * matched with @> against payloads that keep them (tests/security/event-filter-fidelity.test.ts);
 * the JSON text goes to PostgreSQL unchanged instead.
 */
export async function writeEventFilter(tx: Tx, id: string, filter: Record<string, unknown> | null): Promise<void> {
  const text = filter === null ? null : JSON.stringify(filter);
  await tx.$executeRaw(
    Prisma.sql`UPDATE webhook_destinations SET event_filter = ${text}::jsonb WHERE id = ${id}::uuid`,
  );
}
