import { Prisma } from "../db/generated/prisma/client";

/**
 * A jsonb value as Prisma writes it: SQL NULL for null (Prisma.DbNull; a bare null would be
 * refused), otherwise the value itself.
 */
export function jsonColumn(value: Record<string, unknown> | null): Prisma.InputJsonObject | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonObject);
}
