import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as deliveriesRoute from "../../app/api/v1/deliveries/route";
import { HashSlots } from "../../lib/auth/hash-slots";
import { authenticateWithPassword } from "../../lib/auth/login";
import { hashPassword } from "../../lib/auth/password";
import { consume, purgeExpiredRateLimits } from "../../lib/rate-limit/limiter";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createOrg } from "../helpers/fixtures";

// Login limits that hold under parallel attempts, cannot be reset by a header the client
// writes, and cannot be turned against the account's owner; API limits per key with 429.

let t: TestDatabase;
let orgId: string;
const PASSWORD = "the-right-password-1";
const saved = { ...process.env };

async function account(email: string): Promise<void> {
  await t.pool.query("INSERT INTO users (org_id, email, name, role, password_hash) VALUES ($1, $2, 'U', 'admin', $3)", [
    orgId,
    email,
    await hashPassword(PASSWORD),
  ]);
}

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
});
afterEach(() => {
  for (const name of [
    "LOGIN_RATE_LIMIT_PER_EMAIL",
    "LOGIN_RATE_LIMIT_PER_EMAIL_ALL_ADDRESSES",
    "LOGIN_RATE_LIMIT_PER_IP",
    "TRUSTED_PROXY_HOPS",
    "MANAGE_RATE_LIMIT",
  ])
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
});

describe("login rate limits", () => {
  it("counts before checking the password: 20 parallel wrong attempts, only the first 5 are checked", async () => {
    process.env.LOGIN_RATE_LIMIT_PER_EMAIL = "5";
    await account("parallel@acme.test");
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => authenticateWithPassword("parallel@acme.test", `wrong-${i}`, "203.0.113.7")),
    );
    expect(outcomes.filter((o) => !o.ok && o.reason === "invalid")).toHaveLength(5);
    expect(outcomes.filter((o) => !o.ok && o.reason === "rate_limited")).toHaveLength(15);
    // Even the right password waits for the window now, from that address.
    expect(await authenticateWithPassword("parallel@acme.test", PASSWORD, "203.0.113.7")).toMatchObject({
      reason: "rate_limited",
    });
  });

  it("a stranger's failures from their address do not lock the owner out of theirs", async () => {
    process.env.LOGIN_RATE_LIMIT_PER_EMAIL = "5";
    await account("owner@acme.test");
    for (let i = 0; i < 12; i++) await authenticateWithPassword("owner@acme.test", "guess", "198.51.100.66");
    expect(await authenticateWithPassword("owner@acme.test", PASSWORD, "192.0.2.10")).toMatchObject({ ok: true });
  });

  it("a higher per-e-mail ceiling across addresses slows a distributed guesser", async () => {
    process.env.LOGIN_RATE_LIMIT_PER_EMAIL_ALL_ADDRESSES = "8";
    await account("target@acme.test");
    const outcomes = [];
    for (let i = 0; i < 10; i++)
      outcomes.push(await authenticateWithPassword("target@acme.test", "guess", `10.9.0.${i}`));
    expect(outcomes.slice(0, 8).every((o) => !o.ok && o.reason === "invalid")).toBe(true);
    expect(outcomes.slice(8).every((o) => !o.ok && o.reason === "rate_limited")).toBe(true);
  });

  it("a stranger hammering from one address past every ceiling does not lock the owner out elsewhere", async () => {
    // Refused attempts count only where they were refused: the stranger's own address and
    // e-mail + address, never the across-addresses ceiling they could otherwise fill alone.
    process.env.LOGIN_RATE_LIMIT_PER_EMAIL = "5";
    process.env.LOGIN_RATE_LIMIT_PER_EMAIL_ALL_ADDRESSES = "20";
    await account("hammered@acme.test");
    for (let i = 0; i < 40; i++) await authenticateWithPassword("hammered@acme.test", `guess-${i}`, "198.51.100.77");
    expect(await authenticateWithPassword("hammered@acme.test", PASSWORD, "192.0.2.44")).toMatchObject({ ok: true });
  });

  it("past the across-addresses ceiling, the owner still signs in from an address they signed in from before", async () => {
    process.env.LOGIN_RATE_LIMIT_PER_EMAIL_ALL_ADDRESSES = "8";
    await account("known@acme.test");
    expect(await authenticateWithPassword("known@acme.test", PASSWORD, "192.0.2.55")).toMatchObject({ ok: true });
    for (let i = 0; i < 12; i++) await authenticateWithPassword("known@acme.test", "guess", `10.8.0.${i}`);
    // A new address waits (the distributed guesser is slowed) …
    expect(await authenticateWithPassword("known@acme.test", PASSWORD, "192.0.2.99")).toMatchObject({
      reason: "rate_limited",
    });
    // … the owner's usual one does not.
    expect(await authenticateWithPassword("known@acme.test", PASSWORD, "192.0.2.55")).toMatchObject({ ok: true });
  });

  it("attempts refused per address add no counts for the e-mails they name", async () => {
    process.env.LOGIN_RATE_LIMIT_PER_IP = "3";
    for (let i = 0; i < 3; i++) await authenticateWithPassword(`spray-${i}@acme.test`, "guess", "198.51.100.88");
    const rows = async () => (await t.pool.query("SELECT count(*)::int AS n FROM rate_limits")).rows[0].n as number;
    const before = await rows();
    for (let i = 3; i < 30; i++)
      expect(await authenticateWithPassword(`spray-${i}@acme.test`, "guess", "198.51.100.88")).toMatchObject({
        reason: "rate_limited",
      });
    expect(await rows()).toBe(before);
  });

  it("counts an IPv6 client by its /64, so rotating addresses inside it gains nothing", async () => {
    process.env.LOGIN_RATE_LIMIT_PER_EMAIL = "3";
    await account("six@acme.test");
    const outcomes = [];
    for (let i = 1; i <= 6; i++)
      outcomes.push(await authenticateWithPassword("six@acme.test", "guess", `2001:db8:1:2::${i.toString(16)}`));
    expect(outcomes.filter((o) => !o.ok && o.reason === "rate_limited")).toHaveLength(3);
    expect(await authenticateWithPassword("six@acme.test", PASSWORD, "2001:db8:1:3::1")).toMatchObject({ ok: true });
  });

  it("takes an e-mail as long as the form allows without failing (counts are keyed by a digest)", async () => {
    const email = `${"a".repeat(240)}@acme.test`;
    expect(await authenticateWithPassword(email, "guess", `2001:db8:ffff::${"f".repeat(4)}`)).toEqual({
      ok: false,
      reason: "invalid",
    });
    const { rows } = await t.pool.query<{ key: string }>("SELECT key FROM rate_limits");
    expect(rows.every((r) => !r.key.includes("@"))).toBe(true);
  });

  it("bounds concurrent password verifications and turns the excess away", async () => {
    const slots = new HashSlots(2, 1);
    let running = 0;
    let most = 0;
    const work = () =>
      slots.run(async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 30));
        running--;
        return true;
      });
    const results = await Promise.all(Array.from({ length: 5 }, work));
    expect(most).toBe(2);
    expect(results.filter((r) => r === null)).toHaveLength(2);
  });

  it("purges counts whose window has ended", async () => {
    await consume({ name: "test:purge", points: 5, durationSeconds: 1 }, "k");
    await t.pool.query("UPDATE rate_limits SET expire = $1 WHERE key = 'test:purge:k'", [Date.now() - 1000]);
    expect(await purgeExpiredRateLimits()).toBeGreaterThanOrEqual(1);
    expect(
      (await t.pool.query("SELECT count(*)::int AS n FROM rate_limits WHERE key = 'test:purge:k'")).rows[0].n,
    ).toBe(0);
  });
});

describe("management API rate limit", () => {
  it("answers 429 with Retry-After past MANAGE_RATE_LIMIT per key, and leaves other keys alone", async () => {
    process.env.MANAGE_RATE_LIMIT = "2";
    const [a, b] = [await createApiKey(t.pool, orgId, ["manage"]), await createApiKey(t.pool, orgId, ["manage"])];
    const list = (key: string) =>
      deliveriesRoute.GET(
        new Request("http://localhost/api/v1/deliveries", { headers: { authorization: `Bearer ${key}` } }),
        {
          params: Promise.resolve({}),
        },
      );
    expect((await list(a)).status).toBe(200);
    expect((await list(a)).status).toBe(200);
    const limited = await list(a);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: "rate_limited" });
    expect((await list(b)).status).toBe(200);
  });
});
