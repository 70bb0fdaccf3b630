import { db } from "../db/client";
import { consume, forget, limitFromEnv, type RateLimit } from "../rate-limit/limiter";
import { HashSlots } from "./hash-slots";
import { verifyPassword } from "./password";
import { isRole, type Role } from "./roles";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  orgId: string;
  role: Role;
}

export type LoginOutcome =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

const WINDOW_SECONDS = 15 * 60;

/**
 * Three counts, each consumed before the password is checked: per client address (a password
 * sprayer), per e-mail from one address (a guesser; the owner signing in from elsewhere is not
 * affected), and per e-mail from everywhere with a higher ceiling (a distributed guesser is
 * slowed, while a stranger alone cannot lock the owner out).
 */
const limits = () => ({
  perIp: {
    name: "login:ip",
    points: limitFromEnv("LOGIN_RATE_LIMIT_PER_IP", 100),
    durationSeconds: WINDOW_SECONDS,
  } satisfies RateLimit,
  perEmailAndIp: {
    name: "login:email-ip",
    points: limitFromEnv("LOGIN_RATE_LIMIT_PER_EMAIL", 10),
    durationSeconds: WINDOW_SECONDS,
  } satisfies RateLimit,
  perEmail: {
    name: "login:email",
    points: limitFromEnv("LOGIN_RATE_LIMIT_PER_EMAIL_ALL_ADDRESSES", 100),
    durationSeconds: WINDOW_SECONDS,
  } satisfies RateLimit,
});

const hashSlots = new HashSlots(limitFromEnv("LOGIN_CONCURRENT_VERIFICATIONS", 4), 64);

// A hash of a random password: unknown emails still pay for one verification, so response
// time does not reveal which accounts exist.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0o4Q6ph0lP1Xw2N2sZ1C0n3F1bZ9Vb8o0cUeJm0YxAo";

/**
 * Checks a password login. Every attempt is counted first (atomically, shared by every
 * instance); once a count is over its limit the attempt is refused without looking at the
 * password, the right one included, until the window ends. A success clears its own
 * e-mail + address count.
 */
export async function authenticateWithPassword(
  emailInput: string,
  password: string,
  ip: string,
): Promise<LoginOutcome> {
  const email = emailInput.trim().toLowerCase();
  const { perIp, perEmailAndIp, perEmail } = limits();
  const emailAndIp = `${email}|${ip}`;
  const decisions = await Promise.all([
    consume(perIp, ip),
    consume(perEmailAndIp, emailAndIp),
    consume(perEmail, email),
  ]);
  const refused = decisions.filter((d) => !d.allowed);
  if (refused.length)
    return {
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: Math.max(...refused.map((d) => (d.allowed ? 0 : d.retryAfterSeconds))),
    };
  const user = await db.user.findUnique({ where: { email } });
  const valid = await hashSlots.run(() => verifyPassword(user?.passwordHash ?? DUMMY_HASH, password));
  if (valid === null) return { ok: false, reason: "rate_limited", retryAfterSeconds: 1 };
  if (!user || !user.active || !user.passwordHash || !valid || !isRole(user.role))
    return { ok: false, reason: "invalid" };
  await forget(perEmailAndIp, emailAndIp);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, orgId: user.orgId, role: user.role } };
}
