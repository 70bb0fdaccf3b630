import { Prisma } from "../db/generated/prisma/client";

/**
 * A jsonb value with keys of our own (auth_config) as Prisma writes it: SQL NULL for null
 * (Prisma.DbNull; a bare null would be refused), otherwise the value itself. Not for values
 * whose keys come from users: Prisma drops "__proto__" keys (see write-event-filter.ts).
 */
export function jsonColumn(value: Record<string, unknown> | null): Prisma.InputJsonObject | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonObject);
}
