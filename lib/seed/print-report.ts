import type { SeedReport } from "./demo-seed";

export function printSeedReport(report: SeedReport): void {
  if (report.logs > 0)
    console.log(
      `seeded ${report.logs.toLocaleString("en-US")} activity logs and ${report.deliveries.toLocaleString("en-US")} deliveries`,
    );
  else console.log("demo data already present; nothing duplicated");
  console.log(`demo logins: ${report.users.join(", ")}`);
  if (report.password) console.log(`password for every demo login: ${report.password}`);
  else console.log("passwords unchanged (set SEED_ADMIN_PASSWORD to reset them)");
  if (report.apiKey) console.log(`ingest API key (Acme; POST /api/v1/events): ${report.apiKey}`);
  if (report.manageApiKey) console.log(`manage API key (Acme; the management API): ${report.manageApiKey}`);
}
