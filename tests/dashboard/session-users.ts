import type pg from "pg";
import { beforeAll } from "vitest";
import type { SessionUser } from "../../lib/auth/session";
import type { Role } from "../../lib/auth/roles";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createOrg, createUser } from "../helpers/fixtures";

/** A real user row and the SessionUser the session layer would build for it. */
export async function sessionUser(pool: pg.Pool, orgId: string, role: Role): Promise<SessionUser> {
  const u = await createUser(pool, orgId, role);
  return { id: u.id, orgId, orgName: "Test org", role, name: `${role} user`, email: u.email };
}

/** What a dashboard action test stands on: its database, an org with one user per role, and an admin of another org. */
export interface DashboardTestbed {
  readonly db: TestDatabase;
  readonly pool: pg.Pool;
  readonly orgId: string;
  readonly admin: SessionUser;
  readonly lead: SessionUser;
  readonly viewer: SessionUser;
  /** An admin of a second organisation: what must never see or change the first one's rows. */
  readonly otherAdmin: SessionUser;
}

/**
 * Registers the file's beforeAll and returns the testbed it fills; read its fields inside hooks
 * and tests (reading one earlier throws rather than handing out undefined).
 */
export function useDashboardTestbed(): DashboardTestbed {
  let ready: Omit<DashboardTestbed, "pool"> | undefined;
  beforeAll(async () => {
    const db = await useFreshDatabase();
    const orgId = await createOrg(db.pool);
    ready = {
      db,
      orgId,
      admin: await sessionUser(db.pool, orgId, "admin"),
      lead: await sessionUser(db.pool, orgId, "lead"),
      viewer: await sessionUser(db.pool, orgId, "viewer"),
      otherAdmin: await sessionUser(db.pool, await createOrg(db.pool), "admin"),
    };
  });
  const get = () => {
    if (!ready) throw new Error("The dashboard testbed is read before its beforeAll ran");
    return ready;
  };
  return {
    get db() {
      return get().db;
    },
    get pool() {
      return get().db.pool;
    },
    get orgId() {
      return get().orgId;
    },
    get admin() {
      return get().admin;
    },
    get lead() {
      return get().lead;
    },
    get viewer() {
      return get().viewer;
    },
    get otherAdmin() {
      return get().otherAdmin;
    },
  };
}
