import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../../lib/db/sql";
import { countWithFallback } from "../../lib/list/count-with-fallback";
import { useFreshDatabase } from "../helpers/db";

beforeAll(async () => {
  await useFreshDatabase();
});

describe("countWithFallback", () => {
  it("counts exactly up to the limit, and answers the plan's estimate past it", async () => {
    const rows = Prisma.sql`SELECT 1 FROM generate_series(1, 250) g WHERE g % ${2} = 0`;
    expect(await countWithFallback(rows)).toEqual({ count: 125, estimated: false });
    const capped = await countWithFallback(rows, { exactLimit: 100 });
    expect(capped.estimated).toBe(true);
    // Never less than what was actually counted (101: the cap plus one).
    expect(capped.count).toBeGreaterThanOrEqual(101);
  });

  it("answers the estimate when the exact count runs past its time budget", async () => {
    // A count that sleeps 2 s against a 100 ms budget: the timeout is caught and the estimate
    // of the same statement comes back.
    const slow = Prisma.sql`SELECT 1 FROM generate_series(1, 40) g WHERE pg_sleep(0.05) IS NOT NULL`;
    const started = Date.now();
    const result = await countWithFallback(slow, { timeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(result.estimated).toBe(true);
    expect(result.count).toBeGreaterThan(0);
  });

  it("counts in a read-only transaction", async () => {
    const writes = Prisma.sql`SELECT 1 WHERE nextval(pg_get_serial_sequence('failed_webhooks', 'id')) > 0`;
    await expect(countWithFallback(writes)).rejects.toThrow(/read-only transaction/);
  });

  it("rethrows an error that is not a timeout", async () => {
    await expect(countWithFallback(Prisma.sql`SELECT 1 FROM no_such_table`)).rejects.toThrow(/no_such_table/);
  });
});
