import { createHash } from "node:crypto";
import { db } from "../db/client";
import { addressBucket } from "../http/address-bucket";
import { consume, forget, limitFromEnv, remember, remembered, type RateLimit } from "../rate-limit/limiter";
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
 * Three counts, consumed before the password is checked: per client address (a password
 * sprayer), per e-mail from one address (a guesser; the owner signing in from elsewhere is not
 * affected), and per e-mail from everywhere with a higher ceiling (a distributed guesser is
 * slowed). The last is never consumed by an attempt the first two refused — a stranger alone
 * cannot fill it — nor from an address the owner signed in from in the last 30 days, so even a
 * distributed guesser cannot lock the owner out of their usual address.
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

const KNOWN_ADDRESSES: RateLimit = { name: "login:known", points: 1, durationSeconds: 30 * 24 * 60 * 60 };

/**
 * Keys name e-mails by a digest: an e-mail may be up to 255 characters (the store's keys are no
 * longer), and the counts table need not hold the addresses people typed.
 */
const digest = (...parts: string[]) => createHash("sha256").update(parts.join("\n")).digest("base64url");

const hashSlots = new HashSlots(limitFromEnv("LOGIN_CONCURRENT_VERIFICATIONS", 4), 64);

// A hash of a random password: unknown emails still pay for one verification, so response
// time does not reveal which accounts exist.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0o4Q6ph0lP1Xw2N2sZ1C0n3F1bZ9Vb8o0cUeJm0YxAo";

/**
 * Checks a password login. Every attempt is counted first (atomically, shared by every
 * instance); once a count is over its limit the attempt is refused without looking at the
 * password, the right one included, until the window ends. A success clears its own
 * e-mail + address count and remembers the address for the e-mail.
 */
export async function authenticateWithPassword(
  emailInput: string,
  password: string,
  ip: string,
): Promise<LoginOutcome> {
  const email = emailInput.trim().toLowerCase();
  const { perIp, perEmailAndIp, perEmail } = limits();
  const address = addressBucket(ip);
  const emailAtAddress = digest(email, address);
  // One after another, each only if the one before allowed the attempt: a refused attempt
  // counts nowhere beyond the count that refused it.
  let decision = await consume(perIp, address);
  if (decision.allowed) decision = await consume(perEmailAndIp, emailAtAddress);
  if (decision.allowed && !(await remembered(KNOWN_ADDRESSES, emailAtAddress)))
    decision = await consume(perEmail, digest(email));
  if (!decision.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: decision.retryAfterSeconds };
  const user = await db.user.findUnique({ where: { email } });
  const valid = await hashSlots.run(() => verifyPassword(user?.passwordHash ?? DUMMY_HASH, password));
  if (valid === null) return { ok: false, reason: "rate_limited", retryAfterSeconds: 1 };
  if (!user || !user.active || !user.passwordHash || !valid || !isRole(user.role))
    return { ok: false, reason: "invalid" };
  await forget(perEmailAndIp, emailAtAddress);
  await remember(KNOWN_ADDRESSES, emailAtAddress);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, orgId: user.orgId, role: user.role } };
}
