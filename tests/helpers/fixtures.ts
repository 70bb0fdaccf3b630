import { randomBytes } from "node:crypto";
import type pg from "pg";
import { insertApiKey } from "../../lib/api-keys/insert-api-key";
import type { ApiKeyScope } from "../../lib/api-keys/api-key-scopes";
import { hashPassword } from "../../lib/auth/password";
import type { Role } from "../../lib/auth/roles";
import { generateSigningSecret } from "../../lib/crypto/tokens";
import { db } from "../../lib/db/client";
import type { DestinationAuth } from "../../lib/destinations/destination-input";
import { insertDestination } from "../../lib/destinations/insert-destination";
import { insertUser } from "../../lib/users/insert-user";

// Users, API keys and destinations are stored by the lib/ functions the app and the seed use
// (without validation or audit rows, which the tests of those count), through the app's client.

const suffix = () => randomBytes(4).toString("hex");

/**
 * The lib/ functions write through the app's client (DATABASE_URL): a fixture handed another
 * database's pool would store its rows somewhere the test does not look.
 */
function assertAppDatabase(pool: pg.Pool): void {
  const url = (pool as pg.Pool & { options: { connectionString?: string } }).options.connectionString;
  if (url !== process.env.DATABASE_URL)
    throw new Error("fixtures: this pool is not the app's database (DATABASE_URL); call useFreshDatabase first");
}

export async function createOrg(pool: pg.Pool, name = `Org ${suffix()}`): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    "INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id",
    [name, `org-${suffix()}`],
  );
  return rows[0]!.id;
}

export async function createUser(
  pool: pg.Pool,
  orgId: string,
  role: Role,
  password = "correct horse battery",
): Promise<{ id: string; email: string; password: string }> {
  assertAppDatabase(pool);
  const email = `${role}-${suffix()}@test.example`;
  const passwordHash = await hashPassword(password);
  const user = await insertUser(db, { orgId, email, name: `${role} user`, role, passwordHash });
  return { id: user.id, email, password };
}

/** An API key of the org with `scopes` (the column's default, `ingest`, unless told). */
export async function createApiKey(
  pool: pg.Pool,
  orgId: string,
  scopes: readonly ApiKeyScope[] = ["ingest"],
): Promise<string> {
  assertAppDatabase(pool);
  return (await insertApiKey(db, { orgId, name: "test", scopes })).plaintext;
}

export interface DestinationInput {
  url: string;
  name?: string;
  authType?: "none" | "basic" | "bearer" | "header";
  /** Plain values; secret fields are encrypted the way the app stores them. */
  authConfig?: Record<string, string> | null;
  eventTypes?: string[];
  eventFilter?: unknown;
  enabled?: boolean;
  batchSize?: number;
  timeoutMs?: number;
  retryMax?: number;
  retryBackoffMs?: number;
  signingSecret?: string;
}

export async function createDestination(
  pool: pg.Pool,
  orgId: string,
  input: DestinationInput,
): Promise<{ id: string; signingSecret: string }> {
  assertAppDatabase(pool);
  const signingSecret = input.signingSecret ?? generateSigningSecret();
  const id = await insertDestination(
    db,
    orgId,
    {
      name: input.name ?? `Destination ${suffix()}`,
      url: input.url,
      auth: { type: input.authType ?? "none", ...input.authConfig } as DestinationAuth,
      eventTypes: input.eventTypes ?? [],
      eventFilter: input.eventFilter === undefined ? null : (input.eventFilter as Record<string, unknown> | null),
      enabled: input.enabled ?? true,
      batchSize: input.batchSize ?? 1,
      timeoutMs: input.timeoutMs ?? 2000,
      retryMax: input.retryMax ?? 3,
      retryBackoffMs: input.retryBackoffMs ?? 10,
    },
    { signingSecret },
  );
  return { id, signingSecret };
}

export async function createLog(
  pool: pg.Pool,
  orgId: string,
  eventType = "user.login",
  payload: unknown = {},
): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    "INSERT INTO activity_logs (org_id, event_type, payload) VALUES ($1, $2, $3) RETURNING id",
    [orgId, eventType, JSON.stringify(payload)],
  );
  return rows[0]!.id;
}
