// Defaults every test file may rely on; a test that needs other values sets them itself.
process.env.APP_ENCRYPTION_KEY ||= Buffer.alloc(32, 7).toString("base64");
process.env.NEXTAUTH_SECRET ||= "test-nextauth-secret";
process.env.CRON_SECRET ||= "test-cron-secret";
process.env.ALLOW_PRIVATE_DESTINATIONS ||= "true";
