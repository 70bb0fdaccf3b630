import { beforeAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../lib/api/database-unavailable";
import { errorResponse } from "../../lib/api/handle-route";
import { db, pool } from "../../lib/db/client";
import { Prisma } from "../../lib/db/sql";
import { sqlState } from "../../lib/db/sql-state";
import { useFreshDatabase } from "../helpers/db";

beforeAll(async () => {
  await useFreshDatabase();
});

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the statement to fail");
}

describe("SQLSTATE of a failed statement, through Prisma and through pg", () => {
  it("reads the code of an impossible value, and the API answers it with a 400", async () => {
    const viaPrisma = await failure(() => db.$queryRaw(Prisma.sql`SELECT ${"2026-13-45 99:99:99"}::timestamp`));
    const viaPg = await failure(() => pool().query("SELECT $1::timestamp", ["2026-13-45 99:99:99"]));
    expect(sqlState(viaPrisma)).toBe("22008");
    expect(sqlState(viaPg)).toBe("22008");
    expect(errorResponse(viaPrisma).status).toBe(400);
  });

  it("a connection the server terminated is 'database unavailable' (503), not a 500", async () => {
    const terminated = await failure(() => db.$queryRaw(Prisma.sql`SELECT pg_terminate_backend(pg_backend_pid())`));
    expect(sqlState(terminated)).toBe("57P01");
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    expect(errorResponse(terminated).status).toBe(503);
    // The pool replaces the dead connection: the next statement works.
    expect(await db.$queryRaw<{ one: number }[]>(Prisma.sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it("is undefined for an error that is not PostgreSQL's", () => {
    expect(sqlState(new Error("boom"))).toBeUndefined();
    expect(sqlState({ code: "ECONNREFUSED" })).toBeUndefined();
  });
});
