import type { SeedOptions } from "./demo-seed";

/**
 * The demo seed's settings from SEED_* variables: `npm run db:seed` and `npm start`'s seed of an
 * empty database read the same ones. The receiver defaults to the app's own on `port`.
 */
export function seedOptionsFromEnv(port: string | number, env: NodeJS.ProcessEnv = process.env): SeedOptions {
  return {
    adminPassword: env.SEED_ADMIN_PASSWORD,
    apiKey: env.SEED_API_KEY,
    manageApiKey: env.SEED_MANAGE_API_KEY,
    receiverBaseUrl: env.SEED_RECEIVER_URL || `http://127.0.0.1:${port}/api/dev/receiver`,
    logCount: env.SEED_LOG_COUNT ? Number(env.SEED_LOG_COUNT) : undefined,
  };
}
