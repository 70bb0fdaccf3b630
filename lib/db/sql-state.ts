/**
 * The SQLSTATE of a database error, however it arrived: node-postgres puts it on `error.code`;
 * a Prisma query through the pg adapter wraps it as P2010 with the driver's error under
 * `meta.driverAdapterError.cause.originalCode`. Undefined when the error is not PostgreSQL's.
 */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  const wrapped = e?.meta?.driverAdapterError?.cause?.originalCode;
  if (typeof wrapped === "string") return wrapped;
  return typeof e?.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
}
