import { beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword } from "../../lib/auth/login";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createOrg, createUser } from "../helpers/fixtures";

let db: TestDatabase;
let orgId: string;

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  process.env.LOGIN_RATE_LIMIT_PER_EMAIL = "3";
  process.env.LOGIN_RATE_LIMIT_PER_IP = "50";
});

describe("password login", () => {
  it("accepts the right password (any email case) and returns the user's org and role", async () => {
    const user = await createUser(db.pool, orgId, "lead");
    const outcome = await authenticateWithPassword(user.email.toUpperCase(), user.password, "10.0.0.1");
    expect(outcome).toEqual({
      ok: true,
      user: { id: user.id, email: user.email, name: "lead user", orgId, role: "lead" },
    });
    const { rows } = await db.pool.query("SELECT last_login_at FROM users WHERE id = $1", [user.id]);
    expect(rows[0].last_login_at).toBeInstanceOf(Date);
  });

  it("refuses a wrong password, an unknown email and a deactivated account alike", async () => {
    const user = await createUser(db.pool, orgId, "viewer");
    expect(await authenticateWithPassword(user.email, "wrong", "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticateWithPassword("nobody@test.example", "whatever", "10.0.0.2")).toEqual({
      ok: false,
      reason: "invalid",
    });
    await db.pool.query("UPDATE users SET active = false WHERE id = $1", [user.id]);
    expect(await authenticateWithPassword(user.email, user.password, "10.0.0.2")).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("rate limits failed attempts per email, even for the right password, and tells how long to wait", async () => {
    const user = await createUser(db.pool, orgId, "admin");
    for (let i = 0; i < 3; i++) expect((await authenticateWithPassword(user.email, "nope", "10.0.0.3")).ok).toBe(false);
    const limited = await authenticateWithPassword(user.email, user.password, "10.0.0.3");
    expect(limited.ok).toBe(false);
    expect(limited).toMatchObject({ reason: "rate_limited" });
    if (!limited.ok && limited.reason === "rate_limited") expect(limited.retryAfterSeconds).toBeGreaterThan(800);
  });

  it("rate limits failed attempts per client IP across emails", async () => {
    process.env.LOGIN_RATE_LIMIT_PER_IP = "4";
    const user = await createUser(db.pool, orgId, "viewer");
    for (let i = 0; i < 4; i++) await authenticateWithPassword(`spray${i}@test.example`, "guess", "10.9.9.9");
    expect(await authenticateWithPassword(user.email, user.password, "10.9.9.9")).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    expect(await authenticateWithPassword(user.email, user.password, "10.9.9.10")).toMatchObject({ ok: true });
    process.env.LOGIN_RATE_LIMIT_PER_IP = "50";
  });
});
