import type { LoggerInstance } from "next-auth";
import { logger as rootLogger } from "../log/logger";
import { SessionLifetimeEndedError } from "./session-lifetime";

const logger = rootLogger.child({ component: "auth" });

/**
 * next-auth's messages as the app's JSON log lines instead of its console output. A session that
 * has outlived its absolute lifetime reaches next-auth as a JWT_SESSION_ERROR (that is how the jwt
 * callback makes it clear the cookie), but it is an ordinary end of a session, not a fault.
 */
export const authLogger: Partial<LoggerInstance> = {
  error(code, metadata) {
    if (metadata instanceof SessionLifetimeEndedError) {
      logger.info({ code }, "session past its absolute lifetime: not refreshed, cookie cleared");
      return;
    }
    // next-auth passes an Error, or an object holding one under `error` (OAuth failures, with the provider id).
    const detail = metadata as { error?: unknown; providerId?: unknown } | undefined;
    const err = metadata instanceof Error ? metadata : detail?.error;
    logger.error({ code, err, providerId: detail?.providerId }, "next-auth error");
  },
  warn(code) {
    logger.warn({ code }, "next-auth warning");
  },
};
