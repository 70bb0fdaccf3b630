import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { POST as ingest } from "../../app/api/v1/events/route";
import { createApiKey } from "../../lib/api-keys/manage-api-keys";
import type { AuditActor } from "../../lib/audit/record-audit";
import { createDestination } from "../../lib/destinations/create-destination";
import { rotateSigningSecret } from "../../lib/destinations/rotate-signing-secret";
import { updateDestination } from "../../lib/destinations/update-destination";
import { createUser } from "../../lib/users/create-user";
import { exited, spawnTs } from "../dispatcher/child-process";
import { respondWith } from "../../test-support/receiver";
import { WORKER } from "./support";
import { useDispatchTestbed } from "../dispatcher/support";

// Secrets at rest and in logs: destinations of every auth type made through the real domain
// functions, one signing secret rotated and one credential replaced, events ingested through
// the API and dispatched by a real worker process to a receiver on 127.0.0.1. Then every table
// is dumped as text and the worker's whole output is read: no plaintext secret may appear in
// either, in any of the forms it travelled in.

const unique = () => createHash("sha256").update(`${Math.random()}${Date.now()}`).digest("hex").slice(0, 16);
const PASSWORD = `basic-pass-${unique()}`;
const TOKEN = `bearer-token-${unique()}`;
const OLD_HEADER_VALUE = `header-old-${unique()}`;
const HEADER_VALUE = `header-value-${unique()}`;
const USERNAME = "svc-hookline";

const actor: AuditActor = { userId: null, label: "secrets test" };
// Never echoes what it received: a receiver that did would store secrets by its own choice.
const bed = useDispatchTestbed({
  responder: (request, response) =>
    respondWith(request.url.startsWith("/fail") ? 500 : 200, "thanks")(request, response),
});
const dataDir = mkdtempSync(path.join(os.tmpdir(), "hookline-secrets-test-"));
/** Every plaintext secret this test created, by what it is. */
const secrets: Record<string, string> = {};

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Every row of every table in the public schema, as JSON text. */
async function dumpDatabase(): Promise<{ text: string; tables: string[] }> {
  const { rows: tables } = await bed.pool.query<{ name: string }>(
    "SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE " +
      "TABLE' ORDER BY 1",
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const { rows } = await bed.pool.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM public.${name} t`);
    parts.push(`-- ${name}\n${rows.map((r) => r.row).join("\n")}`);
  }
  return { text: parts.join("\n"), tables: tables.map((t) => t.name) };
}

describe("secrets at rest and in logs", () => {
  it("stores no plaintext secret, token, password or key anywhere, and the dispatcher logs none", async () => {
    const base = bed.receiver.url.replace("/hook", "");
    const user = await createUser(
      bed.orgId,
      { email: `owner-${unique()}@test.example`, name: "Owner", role: "admin" },
      actor,
    );
    secrets.userPassword = user.password;
    const apiKey = await createApiKey(bed.orgId, { name: "ingest" }, actor);
    secrets.apiKey = apiKey.plaintext;

    const none = await createDestination(bed.orgId, { name: "none", url: `${base}/ok/none`, authType: "none" }, actor);
    const basic = await createDestination(
      bed.orgId,
      { name: "basic", url: `${base}/ok/basic`, authType: "basic", username: USERNAME, password: PASSWORD },
      actor,
    );
    const bearer = await createDestination(
      bed.orgId,
      { name: "bearer", url: `${base}/fail/bearer`, authType: "bearer", token: `old-${TOKEN}`, retryMax: 1 },
      actor,
    );
    const header = await createDestination(
      bed.orgId,
      {
        name: "header",
        url: `${base}/ok/header`,
        authType: "header",
        headerName: "X-Api-Key",
        headerValue: OLD_HEADER_VALUE,
        batchSize: 2,
      },
      actor,
    );
    // Replaced credentials and a rotated signing secret must not linger either.
    await updateDestination(bed.orgId, bearer.destination.id, { authType: "bearer", token: TOKEN }, actor);
    await updateDestination(
      bed.orgId,
      header.destination.id,
      { authType: "header", headerName: "X-Api-Key", headerValue: HEADER_VALUE },
      actor,
    );
    const rotated = await rotateSigningSecret(bed.orgId, basic.destination.id, actor);
    Object.assign(secrets, {
      password: PASSWORD,
      basicToken: Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64"),
      oldToken: `old-${TOKEN}`,
      token: TOKEN,
      oldHeaderValue: OLD_HEADER_VALUE,
      headerValue: HEADER_VALUE,
      noneSecret: none.signingSecret,
      basicSecretBeforeRotation: basic.signingSecret,
      basicSecret: rotated.signingSecret,
      bearerSecret: bearer.signingSecret,
      headerSecret: header.signingSecret,
    });
    // The key material of a whsec_ secret, without its prefix, is as secret as the whole.
    for (const name of ["noneSecret", "basicSecretBeforeRotation", "basicSecret", "bearerSecret", "headerSecret"])
      secrets[`${name}Key`] = secrets[name]!.slice("whsec_".length);

    const response = await ingest(
      new Request("http://127.0.0.1/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey.plaintext}`, "content-type": "application/json" },
        body: JSON.stringify({ events: [1, 2, 3].map((n) => ({ event_type: "invoice.paid", payload: { n } })) }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(202);

    // LOG_LEVEL=debug: the most the dispatcher ever says.
    const worker = spawnTs(WORKER, [], {
      DATABASE_URL: bed.db.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: "debug",
      WORKER_INTERVAL_MS: "100",
    });
    try {
      for (let i = 0; i < 200; i++) {
        const { rows } = await bed.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM webhook_deliveries WHERE status IN ('pending', 'failed')",
        );
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      worker.kill("SIGTERM");
    }
    expect((await exited(worker)).code, worker.output()).toBe(0);

    const { rows: statuses } = await bed.pool.query<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status ORDER BY status",
    );
    expect(statuses).toEqual([
      { status: "dead", n: 3 },
      { status: "delivered", n: 9 },
    ]);
    // The secrets were really in use on the wire, so their absence below means something.
    const seen = bed.receiver.requests.map((r) => JSON.stringify(r.headers)).join("\n");
    expect(seen).toContain(`Basic ${secrets.basicToken}`);
    expect(seen).toContain(`Bearer ${TOKEN}`);
    expect(seen).toContain(HEADER_VALUE);
    const basicSignatures = bed.receiver.requests.find((r) => r.url === "/ok/basic")!.headers["webhook-signature"];
    expect(String(basicSignatures).split(" ")).toHaveLength(2);

    const dump = await dumpDatabase();
    expect(dump.tables).toEqual(
      expect.arrayContaining([
        "webhook_destinations",
        "destination_previous_secrets",
        "webhook_delivery_attempts",
        "failed_webhooks",
        "audit_logs",
        "api_keys",
        "users",
      ]),
    );
    const logs = worker.output();
    expect(logs).toContain('"deliveryId"');
    for (const [what, value] of Object.entries(secrets)) {
      expect(dump.text.includes(value), `${what} in the database dump`).toBe(false);
      expect(logs.includes(value), `${what} in the worker's output`).toBe(false);
    }

    // What is there instead: ciphertexts, hashes, redactions.
    const { rows: destinations } = await bed.pool.query<{
      name: string;
      auth_config: Record<string, string> | null;
      signing_secret: string;
    }>("SELECT name, auth_config, signing_secret FROM webhook_destinations ORDER BY name");
    for (const d of destinations) expect(d.signing_secret).toMatch(/^enc:v2:/);
    expect(destinations.find((d) => d.name === "basic")!.auth_config).toEqual({
      username: USERNAME,
      password: expect.stringMatching(/^enc:v2:/),
    });
    expect(destinations.find((d) => d.name === "bearer")!.auth_config).toEqual({
      token: expect.stringMatching(/^enc:v2:/),
    });
    expect(destinations.find((d) => d.name === "header")!.auth_config).toEqual({
      name: "X-Api-Key",
      value: expect.stringMatching(/^enc:v2:/),
    });
    const { rows: previous } = await bed.pool.query<{ signing_secret: string }>(
      "SELECT signing_secret FROM destination_previous_secrets",
    );
    expect(previous).toEqual([{ signing_secret: expect.stringMatching(/^enc:v2:/) }]);
    const { rows: keys } = await bed.pool.query<{ key_hash: string }>("SELECT key_hash FROM api_keys");
    expect(keys).toEqual([{ key_hash: createHash("sha256").update(apiKey.plaintext).digest("hex") }]);
    const { rows: users } = await bed.pool.query<{ password_hash: string }>("SELECT password_hash FROM users");
    expect(users).toEqual([{ password_hash: expect.stringMatching(/^\$argon2id\$/) }]);
    const { rows: headers } = await bed.pool.query<{ h: Record<string, string> }>(
      "SELECT DISTINCT request_headers AS h FROM webhook_delivery_attempts",
    );
    for (const { h } of headers) {
      expect(h["webhook-signature"]).toBe("[redacted]");
      if ("authorization" in h) expect(h.authorization).toBe("[redacted]");
      if ("x-api-key" in h) expect(h["x-api-key"]).toBe("[redacted]");
    }
  });
});
