import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as destinationsRoute from "../../app/api/v1/destinations/route";
import type { AuditActor } from "../../lib/audit/record-audit";
import {
  createDestination,
  deleteDestination,
  rotateSigningSecret,
  setDestinationEnabled,
  updateDestination,
} from "../../lib/destinations";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createOrg } from "../helpers/fixtures";
import { allowAuditInserts, refuseAuditInserts } from "./support";

// Each destination change and its audit entry commit together. A real trigger in this file's
// database makes every audit insert fail: the change must then not be stored either, and the
// caller gets an error instead of a half-stored row.

let t: TestDatabase;
let orgId: string;
let apiKey: string;
const actor: AuditActor = { userId: null, label: "audit-atomicity" };

/** Every destination row of the org and its previous secret, as text: "nothing changed" is equality. */
async function destinationState(): Promise<string> {
  const { rows } = await t.pool.query<{ state: string | null }>(
    `SELECT string_agg(w::text || coalesce(p.signing_secret, '-'), '|' ORDER BY w.id) AS state
       FROM webhook_destinations w LEFT JOIN destination_previous_secrets p ON p.destination_id = w.id WHERE w.org_id = $1`,
    [orgId],
  );
  return rows[0]!.state ?? "";
}

async function auditCount(): Promise<number> {
  return (await t.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_logs")).rows[0]!.n;
}

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  apiKey = await createApiKey(t.pool, orgId, ["manage"]);
});
afterAll(() => allowAuditInserts(t.pool));

describe("destination changes and their audit entries", () => {
  it("with the audit insert failing, create stores no destination (lib and API) and the caller gets an error", async () => {
    await refuseAuditInserts(t.pool);
    try {
      await expect(
        createDestination(orgId, { name: "Never stored", url: "http://127.0.0.1:9/x" }, actor),
      ).rejects.toThrow(/audit log unavailable/);
      const response = await destinationsRoute.POST(
        new Request("http://127.0.0.1/api/v1/destinations", {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: '{"name":"Never stored either","url":"http://127.0.0.1:9/y"}',
        }),
        { params: Promise.resolve({}) },
      );
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ code: "internal", message: "Internal server error" });
    } finally {
      await allowAuditInserts(t.pool);
    }
    const { rows } = await t.pool.query("SELECT name FROM webhook_destinations WHERE org_id = $1", [orgId]);
    expect(rows).toEqual([]);
    expect(await auditCount()).toBe(0);
  });

  it("with the audit insert failing, update, disable, rotate and delete change nothing", async () => {
    const { destination } = await createDestination(
      orgId,
      { name: "Kept as is", url: "http://127.0.0.1:9/kept", authType: "bearer", token: "tok-1" },
      actor,
    );
    await rotateSigningSecret(orgId, destination.id, actor);
    const before = await destinationState();
    const audits = await auditCount();
    await refuseAuditInserts(t.pool);
    try {
      await expect(
        updateDestination(orgId, destination.id, { name: "Renamed", token: "tok-2", eventFilter: { a: 1 } }, actor),
      ).rejects.toThrow(/audit log unavailable/);
      await expect(setDestinationEnabled(orgId, destination.id, false, actor)).rejects.toThrow(/audit log unavailable/);
      await expect(rotateSigningSecret(orgId, destination.id, actor)).rejects.toThrow(/audit log unavailable/);
      await expect(deleteDestination(orgId, destination.id, actor)).rejects.toThrow(/audit log unavailable/);
    } finally {
      await allowAuditInserts(t.pool);
    }
    expect(await destinationState()).toBe(before);
    expect(await auditCount()).toBe(audits);

    // And with the audit log back, each change is stored with its entry (disabling twice
    // changes, and audits, once).
    await updateDestination(orgId, destination.id, { name: "Renamed" }, actor);
    await setDestinationEnabled(orgId, destination.id, false, actor);
    await setDestinationEnabled(orgId, destination.id, false, actor);
    await rotateSigningSecret(orgId, destination.id, actor);
    await deleteDestination(orgId, destination.id, actor);
    const { rows } = await t.pool.query<{ action: string }>(
      "SELECT action FROM audit_logs WHERE target_id = $1 ORDER BY id",
      [destination.id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      "destination.created",
      "destination.secret_rotated",
      "destination.updated",
      "destination.disabled",
      "destination.secret_rotated",
      "destination.deleted",
    ]);
  });
});
