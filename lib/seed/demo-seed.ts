import type pg from "pg";
import { encryptSecret } from "../crypto/secret-box";
import { apiKeyPrefix, generateApiKey, generateSigningSecret, hashApiKey, randomPassword } from "../crypto/tokens";
import { hashPassword } from "../auth/password";
import type { DestinationAuth } from "../destinations/destination-input";
import { storedAuthConfig } from "../destinations/stored-auth-config";

export interface SeedOptions {
  /** Password for every seeded user; generated (and reported) when absent. */
  adminPassword?: string;
  /** Ingest key for Acme; generated (and reported once) when absent and Acme has none. */
  apiKey?: string;
  /** Where the demo destinations point: the built-in receiver of the running app. */
  receiverBaseUrl: string;
  /** Activity logs for Acme (the second org gets a tenth). */
  logCount?: number;
}

export interface SeedReport {
  created: boolean;
  password: string | null;
  apiKey: string | null;
  users: string[];
  logs: number;
  deliveries: number;
}

export const DEMO_ORGS = [
  {
    slug: "acme",
    name: "Acme",
    users: [
      ["admin@acme.test", "Ada Admin", "admin"],
      ["lead@acme.test", "Lee Lead", "lead"],
      ["viewer@acme.test", "Vic Viewer", "viewer"],
    ],
  },
  { slug: "globex", name: "Globex", users: [["admin@globex.test", "Gus Globex", "admin"]] },
] as const;

const EVENT_TYPES: [string, string][] = [
  ["user.login", "auth"],
  ["user.logout", "auth"],
  ["user.password_changed", "auth"],
  ["document.created", "document"],
  ["document.updated", "document"],
  ["document.deleted", "document"],
  ["invoice.paid", "billing"],
  ["invoice.failed", "billing"],
  ["session.started", "session"],
  ["session.ended", "session"],
  ["app.error", "system"],
];

// Realistic failures: [error_message, response_status, response_body].
const FAILURES: [string, number | null, string | null][] = [
  ["HTTP 500 Internal Server Error", 500, '{"error":"internal"}'],
  ["HTTP 502 Bad Gateway", 502, "<html><body><h1>502 Bad Gateway</h1></body></html>"],
  ["HTTP 503 Service Unavailable", 503, '{"error":"maintenance"}'],
  ["HTTP 429 Too Many Requests", 429, '{"error":"rate_limited","retry_after":30}'],
  ["HTTP 404 Not Found", 404, "Not Found"],
  ["HTTP 401 Unauthorized", 401, '{"error":"invalid token"}'],
  ["timeout after 10000 ms", null, null],
  ["connect ECONNREFUSED 127.0.0.1:9", null, null],
  ["socket hang up", null, null],
  ["redirect (HTTP 301) not followed", 301, null],
];

async function upsertOrg(client: pg.PoolClient, slug: string, name: string): Promise<{ id: string; created: boolean }> {
  const existing = await client.query<{ id: string }>("SELECT id FROM organizations WHERE slug = $1", [slug]);
  if (existing.rows[0]) return { id: existing.rows[0].id, created: false };
  const inserted = await client.query<{ id: string }>(
    "INSERT INTO organizations (slug, name) VALUES ($1, $2) RETURNING id",
    [slug, name],
  );
  return { id: inserted.rows[0]!.id, created: true };
}

/**
 * The demo data set. Idempotent: organisations, users, keys and destinations are matched by
 * their natural keys, and the bulk activity is generated only for an organisation that has none.
 */
export async function seedDemoData(pool: pg.Pool, options: SeedOptions): Promise<SeedReport> {
  const logCount = options.logCount ?? 5000;
  const client = await pool.connect();
  const report: SeedReport = { created: false, password: null, apiKey: null, users: [], logs: 0, deliveries: 0 };
  try {
    await client.query("BEGIN");
    // Two seeds at once (two launchers on one empty database) must not both insert.
    await client.query("SELECT pg_advisory_xact_lock(72707002)");
    const password = options.adminPassword || null;
    let generatedPassword: string | null = null;
    for (const [index, org] of DEMO_ORGS.entries()) {
      const { id: orgId, created } = await upsertOrg(client, org.slug, org.name);
      report.created ||= created;
      for (const [email, name, role] of org.users) {
        const exists = await client.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
        if (exists.rows[0]) {
          if (password)
            await client.query("UPDATE users SET password_hash = $2, active = true, updated_at = now() WHERE id = $1", [
              exists.rows[0].id,
              await hashPassword(password),
            ]);
        } else {
          generatedPassword ??= password ?? randomPassword();
          await client.query(
            "INSERT INTO users (org_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)",
            [orgId, email, name, role, await hashPassword(generatedPassword)],
          );
        }
        report.users.push(email);
      }
      if (index === 0) report.apiKey = await ensureApiKey(client, orgId, options.apiKey);
      else await ensureApiKey(client, orgId, options.apiKey ? `${options.apiKey}-globex` : undefined);
      const destinations = await ensureDestinations(client, orgId, options.receiverBaseUrl, index === 0);
      const hasLogs = await client.query("SELECT 1 FROM activity_logs WHERE org_id = $1 LIMIT 1", [orgId]);
      if (hasLogs.rowCount === 0) {
        const made = await generateActivity(
          client,
          orgId,
          destinations,
          index === 0 ? logCount : Math.ceil(logCount / 10),
        );
        report.logs += made.logs;
        report.deliveries += made.deliveries;
      }
    }
    report.password = password ?? generatedPassword;
    await client.query("COMMIT");
    return report;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function ensureApiKey(client: pg.PoolClient, orgId: string, given: string | undefined): Promise<string | null> {
  if (given) {
    const hash = hashApiKey(given);
    const existing = await client.query("SELECT 1 FROM api_keys WHERE key_hash = $1", [hash]);
    if (existing.rowCount === 0) {
      await client.query("INSERT INTO api_keys (org_id, name, prefix, key_hash) VALUES ($1, 'Seed key', $2, $3)", [
        orgId,
        apiKeyPrefix(given),
        hash,
      ]);
    }
    return given;
  }
  const any = await client.query("SELECT 1 FROM api_keys WHERE org_id = $1 AND revoked_at IS NULL LIMIT 1", [orgId]);
  if (any.rowCount) return null;
  const key = generateApiKey();
  await client.query("INSERT INTO api_keys (org_id, name, prefix, key_hash) VALUES ($1, 'Seed key', $2, $3)", [
    orgId,
    apiKeyPrefix(key),
    hashApiKey(key),
  ]);
  return key;
}

interface SeedDestination {
  id: string;
  eventTypes: string[];
}

async function ensureDestinations(
  client: pg.PoolClient,
  orgId: string,
  receiver: string,
  primary: boolean,
): Promise<SeedDestination[]> {
  const base = receiver.replace(/\/$/, "");
  const specs = primary
    ? [
        {
          name: "Demo receiver",
          url: `${base}?mode=ok`,
          authType: "none",
          authConfig: null,
          eventTypes: [] as string[],
          filter: null,
          enabled: true,
          batch: 1,
        },
        {
          name: "Billing service",
          url: `${base}?mode=flaky`,
          authType: "bearer",
          authConfig: { token: "demo-billing-token" },
          eventTypes: ["invoice.paid", "invoice.failed"],
          filter: null,
          enabled: true,
          batch: 10,
        },
        {
          name: "Audit archive",
          url: `${base}?mode=ok&delay=50`,
          authType: "basic",
          authConfig: { username: "archive", password: "demo-archive-password" },
          eventTypes: [],
          filter: null,
          enabled: true,
          batch: 25,
        },
        {
          name: "Security alerts",
          url: `${base}?mode=down`,
          authType: "header",
          authConfig: { name: "X-Alert-Key", value: "demo-alert-key" },
          eventTypes: ["user.login", "user.password_changed", "app.error"],
          filter: { severity: "high" },
          enabled: true,
          batch: 1,
        },
        {
          name: "Legacy CRM (disabled)",
          url: "https://crm.example.com/hooks/hookline",
          authType: "none",
          authConfig: null,
          eventTypes: ["document.created"],
          filter: null,
          enabled: false,
          batch: 1,
        },
      ]
    : [
        {
          name: "Globex receiver",
          url: `${base}?mode=ok`,
          authType: "none",
          authConfig: null,
          eventTypes: [] as string[],
          filter: null,
          enabled: true,
          batch: 1,
        },
      ];
  const result: SeedDestination[] = [];
  for (const spec of specs) {
    const existing = await client.query<{ id: string; event_types: string[] }>(
      "SELECT id, event_types FROM webhook_destinations WHERE org_id = $1 AND name = $2",
      [orgId, spec.name],
    );
    if (existing.rows[0]) {
      result.push({ id: existing.rows[0].id, eventTypes: existing.rows[0].event_types });
      continue;
    }
    const authConfig = storedAuthConfig({ type: spec.authType, ...spec.authConfig } as DestinationAuth);
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO webhook_destinations (org_id, name, url, auth_type, auth_config, event_types, event_filter, enabled, batch_size, timeout_ms, retry_max, retry_backoff_ms, signing_secret)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 5000, 5, 10000, $10) RETURNING id`,
      [
        orgId,
        spec.name,
        spec.url,
        spec.authType,
        authConfig,
        spec.eventTypes,
        spec.filter,
        spec.enabled,
        spec.batch,
        encryptSecret(generateSigningSecret()),
      ],
    );
    result.push({ id: inserted.rows[0]!.id, eventTypes: spec.eventTypes });
  }
  return result;
}

async function generateActivity(
  client: pg.PoolClient,
  orgId: string,
  destinations: SeedDestination[],
  logCount: number,
): Promise<{ logs: number; deliveries: number }> {
  await client.query(
    `INSERT INTO employees (org_id, name, email, external_id)
     SELECT $1, n.first || ' ' || n.last, lower(n.first) || '.' || lower(n.last) || '@example.test', 'emp-' || g
       FROM generate_series(1, 20) g,
            LATERAL (SELECT (ARRAY['Maya','Omar','Lena','Ravi','Sofia','Jonas','Aiko','Diego','Nora','Felix'])[1 + (g % 10)] AS first,
                            (ARRAY['Chen','Okafor','Schmidt','Patel','Rossi','Berg','Tanaka','Lopez','Haddad','Novak'])[1 + ((g * 7) % 10)] AS last) n`,
    [orgId],
  );
  const types = EVENT_TYPES.map((t) => t[0]);
  const categories = EVENT_TYPES.map((t) => t[1]);
  // Times skew towards the present so the last 24 h look busy but the whole week has data.
  const logs = await client.query(
    `WITH emp AS (SELECT array_agg(id ORDER BY external_id) AS ids FROM employees WHERE org_id = $1)
     INSERT INTO activity_logs (org_id, employee_id, session_id, client_name, client_version, event_type, event_category, content, payload, created_at)
     SELECT $1,
            emp.ids[1 + (g % array_length(emp.ids, 1))],
            gen_random_uuid(),
            (ARRAY['web-app','ios','android','cli'])[1 + (g % 4)],
            (ARRAY['4.2.0','4.2.1','4.3.0-beta.1','3.9.7'])[1 + ((g / 4) % 4)],
            ($3::text[])[1 + (g % $5)],
            ($4::text[])[1 + (g % $5)],
            'Demo event #' || g,
            jsonb_build_object(
              'id', 'evt_' || substr(md5(g::text || $1::text), 1, 16),
              'severity', (ARRAY['low','medium','high'])[1 + (g % 3)],
              'amount_cents', (g * 137) % 50000,
              'currency', (ARRAY['USD','EUR','GBP'])[1 + (g % 3)],
              'ip', '203.0.113.' || (g % 250),
              'tags', jsonb_build_array((ARRAY['beta','internal','vip','trial'])[1 + (g % 4)])),
            now() - make_interval(secs => (power(random(), 2) * 7 * 86400)::int)
       FROM generate_series(1, $2::int) g, emp`,
    [orgId, logCount, types, categories, types.length],
  );
  let deliveries = 0;
  for (const destination of destinations) {
    const result = await client.query(
      `INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, created_at)
       SELECT $1, l.id, 'pending', 0, l.created_at
         FROM activity_logs l
        WHERE l.org_id = $2 AND (cardinality($3::text[]) = 0 OR l.event_type = ANY($3::text[]))`,
      [destination.id, orgId, destination.eventTypes],
    );
    deliveries += result.rowCount ?? 0;
  }
  const failures = FAILURES.map((f) => f[0]);
  const statuses = FAILURES.map((f) => f[1]);
  const bodies = FAILURES.map((f) => f[2]);
  // Outcomes: mostly delivered, then failed (retrying later), dead, and a few still pending.
  // Attempt n of a delivery happens 10·2^(n-1) s after the event, like the backoff schedule, but
  // never later than a second ago (the newest events' retries have not all happened yet), and
  // its last attempt is the delivery's last_attempt_at.
  await client.query(
    `WITH chosen AS (
       SELECT d.id, d.created_at, r, f,
              CASE WHEN r < 0.82 THEN 1 + (r * 100)::int % 2 WHEN r < 0.90 THEN 1 + (r * 1000)::int % (retry_max - 1) WHEN r < 0.97 THEN retry_max ELSE 0 END AS n
         -- Events of the last three minutes are still pending: their retries could not have happened yet.
         FROM (SELECT d.id, d.created_at, w.retry_max, CASE WHEN d.created_at > now() - interval '3 minutes' THEN 0.99 ELSE random() END AS r, (random() * 9)::int + 1 AS f
                 FROM webhook_deliveries d JOIN webhook_destinations w ON w.id = d.destination_id
                WHERE w.org_id = $1) d),
     timed AS (
       SELECT c.*, CASE WHEN c.n > 0 THEN least(c.created_at + make_interval(secs => 10 * power(2, c.n - 1)), now()::timestamp - interval '1 second') END AS last_at
         FROM chosen c)
     UPDATE webhook_deliveries d SET
       status = CASE WHEN c.r < 0.82 THEN 'delivered' WHEN c.r < 0.90 THEN 'failed' WHEN c.r < 0.97 THEN 'dead' ELSE 'pending' END,
       attempts = c.n,
       last_attempt_at = c.last_at,
       delivered_at = CASE WHEN c.r < 0.82 THEN c.last_at END,
       next_retry_at = CASE WHEN c.r >= 0.82 AND c.r < 0.90 THEN now() + make_interval(mins => 30 + (c.r * 1000)::int % 600) END,
       response_status = CASE WHEN c.r < 0.82 THEN 200 WHEN c.r < 0.97 THEN ($2::int[])[c.f] END,
       response_body = CASE WHEN c.r < 0.82 THEN '{"ok":true}' WHEN c.r < 0.97 THEN ($3::text[])[c.f] END,
       error_message = CASE WHEN c.r >= 0.82 AND c.r < 0.97 THEN ($4::text[])[c.f] END
       FROM timed c WHERE c.id = d.id`,
    [orgId, statuses, bodies, failures],
  );
  // One attempt row per recorded attempt, spaced like the backoff schedule, the last one at
  // last_attempt_at and each earlier one at least a second before the next.
  await client.query(
    `INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, started_at, duration_ms, request_url, request_headers, batch_size, response_status, response_headers, response_body, error, outcome)
     SELECT d.id, a, least(d.created_at + make_interval(secs => 10 * power(2, a - 1)), d.last_attempt_at - make_interval(secs => d.attempts - a)), 20 + (random() * 400)::int, w.url,
            jsonb_build_object('content-type', 'application/json', 'user-agent', 'Hookline/1.0', 'webhook-id', d.id::text),
            1,
            CASE WHEN d.status = 'delivered' AND a = d.attempts THEN 200 ELSE d.response_status END,
            CASE WHEN d.response_status IS NOT NULL OR d.status = 'delivered' THEN '{"content-type":"application/json"}'::jsonb END,
            CASE WHEN d.status = 'delivered' AND a = d.attempts THEN '{"ok":true}' ELSE d.response_body END,
            CASE WHEN d.status = 'delivered' AND a = d.attempts THEN NULL ELSE coalesce(d.error_message, 'HTTP 500 Internal Server Error') END,
            CASE WHEN d.status = 'delivered' AND a = d.attempts THEN 'delivered' WHEN d.response_status IS NULL THEN 'network_error' ELSE 'http_error' END
       FROM webhook_deliveries d JOIN webhook_destinations w ON w.id = d.destination_id
       CROSS JOIN LATERAL generate_series(1, d.attempts) a
      WHERE w.org_id = $1`,
    [orgId],
  );
  // Dead letters: every dead delivery has one; some were already retried or discarded.
  await client.query(
    `INSERT INTO failed_webhooks (webhook_payload_json, error_message, attempt_count, last_attempt_at, status, created_at)
     SELECT jsonb_build_object(
              'delivery_id', d.id, 'destination_id', w.id, 'destination_name', w.name, 'log_id', l.id, 'org_id', w.org_id,
              'event_type', l.event_type, 'url', w.url, 'attempts', d.attempts,
              'body', jsonb_build_object('id', d.id, 'type', l.event_type, 'timestamp', l.created_at, 'data', l.payload)),
            d.error_message,
            CASE WHEN m.r < 0.7 THEN 0 WHEN m.r < 0.85 THEN 1 ELSE 1 + (m.r * 10)::int % 3 END,
            CASE WHEN m.r >= 0.7 THEN d.last_attempt_at + interval '1 hour' END,
            (CASE WHEN m.r < 0.7 THEN 'pending' WHEN m.r < 0.85 THEN 'retried' ELSE 'failed_permanently' END)::failed_webhook_status,
            d.last_attempt_at
       FROM webhook_deliveries d
       JOIN webhook_destinations w ON w.id = d.destination_id
       JOIN activity_logs l ON l.id = d.log_id
       CROSS JOIN LATERAL (SELECT (abs(hashtext(d.id::text)) % 1000) / 1000.0 AS r) m
      WHERE w.org_id = $1 AND d.status = 'dead'`,
    [orgId],
  );
  // A retried dead letter's delivery went through on the retry.
  await client.query(
    `UPDATE webhook_deliveries d SET status = 'delivered', delivered_at = f.last_attempt_at, error_message = NULL, response_status = 200, response_body = '{"ok":true}'
       FROM failed_webhooks f
      WHERE f.status = 'retried' AND f.webhook_payload_json ->> 'org_id' = $1::text AND d.id = (f.webhook_payload_json ->> 'delivery_id')::uuid`,
    [orgId],
  );
  return { logs: logs.rowCount ?? 0, deliveries };
}
