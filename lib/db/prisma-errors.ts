import { ConflictError, NotFoundError } from "../errors";
import { Prisma } from "./generated/prisma/client";

/**
 * Prisma's known request errors as the app's errors, in one place: P2025 (the record to update
 * or delete does not exist) → NotFoundError, P2002 (a unique constraint refused the row) →
 * ConflictError. Anything else comes back unchanged, for the caller to rethrow.
 */
export function mapPrismaError(error: unknown, what = "Resource"): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return error;
  if (error.code === "P2025") return new NotFoundError(what);
  if (error.code === "P2002") return new ConflictError(`${what} already exists`);
  return error;
}
