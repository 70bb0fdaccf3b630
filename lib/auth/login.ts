import { db } from "../db/client";
import { verifyPassword } from "./password";
import { clearRateLimit, hitRateLimit, peekRateLimit } from "./rate-limit";
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

const WINDOW_MS = 15 * 60 * 1000;
const limits = () => ({
  perEmail: Number(process.env.LOGIN_RATE_LIMIT_PER_EMAIL || 10),
  perIp: Number(process.env.LOGIN_RATE_LIMIT_PER_IP || 100),
});

// A hash of a random password: unknown emails still pay for one verification, so response
// time does not reveal which accounts exist.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0o4Q6ph0lP1Xw2N2sZ1C0n3F1bZ9Vb8o0cUeJm0YxAo";

/**
 * Checks a password login. Failed attempts are counted per email and per client IP in a
 * window shared by every instance; once either is over its limit, even a right password is
 * refused until the window ends.
 */
export async function authenticateWithPassword(
  emailInput: string,
  password: string,
  ip: string,
): Promise<LoginOutcome> {
  const email = emailInput.trim().toLowerCase();
  const { perEmail, perIp } = limits();
  const emailKey = `login:email:${email}`;
  const ipKey = `login:ip:${ip}`;
  const [byEmail, byIp] = await Promise.all([peekRateLimit(emailKey, perEmail), peekRateLimit(ipKey, perIp)]);
  if (!byEmail.allowed || !byIp.allowed) {
    return {
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: Math.max(byEmail.retryAfterSeconds, byIp.retryAfterSeconds),
    };
  }
  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !user.active || !user.passwordHash || !valid || !isRole(user.role)) {
    await Promise.all([hitRateLimit(emailKey, perEmail, WINDOW_MS), hitRateLimit(ipKey, perIp, WINDOW_MS)]);
    return { ok: false, reason: "invalid" };
  }
  await clearRateLimit(emailKey);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, orgId: user.orgId, role: user.role } };
}
