import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countDestinationDeliveriesAction,
  createDestinationAction,
  deleteDestinationAction,
  previewEventFilterAction,
  revealSigningSecretAction,
  rotateSigningSecretAction,
  sendTestEventAction,
  setDestinationEnabledAction,
  updateDestinationAction,
} from "@/actions/destinations";
import type { SessionUser } from "../../lib/auth/session";
import { createLog } from "../helpers/fixtures";
import { useDashboardTestbed } from "./session-users";

const bed = useDashboardTestbed();
let receiver: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  for (let i = 0; i < 10; i++)
    await createLog(bed.pool, bed.orgId, i < 4 ? "invoice.paid" : "user.login", { severity: i % 2 ? "high" : "low" });
});

afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

async function create(user: SessionUser, values: Record<string, unknown>) {
  return createDestinationAction.run(user, { name: "Receiver", url: receiverUrl, ...values });
}

describe("destination actions", () => {
  it("a lead creates one and sees its signing secret once; field errors come back keyed by field", async () => {
    const bad = await create(bed.lead, {
      url: "ftp://x",
      authType: "header",
      headerName: "Content-Type",
      batchSize: 0,
    });
    expect(bad).toMatchObject({ ok: false, code: "validation_failed" });
    if (!bad.ok)
      expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["batchSize", "headerName", "headerValue", "url"]);
    const created = await create(bed.lead, { authType: "bearer", token: "t0ken-value", eventTypes: ["invoice.paid"] });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.data.signingSecret).toMatch(/^whsec_/);
    const { rows } = await bed.pool.query(
      "SELECT signing_secret, auth_config FROM webhook_destinations WHERE id = $1",
      [created.data.id],
    );
    expect(rows[0].signing_secret).not.toContain(created.data.signingSecret);
    expect(JSON.stringify(rows[0].auth_config)).not.toContain("t0ken-value");
  });

  it("a viewer can do none of it", async () => {
    expect(await create(bed.viewer, {})).toMatchObject({ ok: false, code: "forbidden" });
    const created = await create(bed.lead, {});
    if (!created.ok) throw new Error(created.error);
    const id = created.data.id;
    for (const [action, input] of [
      [updateDestinationAction, { id, values: { name: "x" } }],
      [setDestinationEnabledAction, { id, enabled: false }],
      [deleteDestinationAction, { id }],
      [rotateSigningSecretAction, { id }],
      [sendTestEventAction, { id }],
    ] as const) {
      expect(await action.run(bed.viewer, input), action.actionName).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await revealSigningSecretAction.run(bed.lead, { id })).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("another org's admin gets not found for every action, and nothing changes", async () => {
    const created = await create(bed.lead, { name: "Not yours" });
    if (!created.ok) throw new Error(created.error);
    const id = created.data.id;
    const before = (await bed.pool.query("SELECT * FROM webhook_destinations WHERE id = $1", [id])).rows[0];
    for (const [action, input] of [
      [updateDestinationAction, { id, values: { name: "Hijacked" } }],
      [setDestinationEnabledAction, { id, enabled: false }],
      [countDestinationDeliveriesAction, { id }],
      [deleteDestinationAction, { id }],
      [rotateSigningSecretAction, { id }],
      [revealSigningSecretAction, { id }],
      [sendTestEventAction, { id }],
    ] as const) {
      expect(await action.run(bed.otherAdmin, input), action.actionName).toMatchObject({
        ok: false,
        code: "not_found",
      });
    }
    expect((await bed.pool.query("SELECT * FROM webhook_destinations WHERE id = $1", [id])).rows[0]).toEqual(before);
  });

  it("updates, disables, rotates and reveals (admin), keeping the previous secret signing", async () => {
    const created = await create(bed.lead, { name: "Rotating" });
    if (!created.ok) throw new Error(created.error);
    const { id, signingSecret } = created.data;
    expect(
      await updateDestinationAction.run(bed.lead, {
        id,
        values: { name: "Renamed", url: receiverUrl, authType: "none", retryMax: 3 },
      }),
    ).toEqual({ ok: true, data: { id } });
    expect(await updateDestinationAction.run(bed.lead, { id, values: { timeoutMs: 10 } })).toMatchObject({
      ok: false,
      fieldErrors: { timeoutMs: [expect.stringContaining("at least")] },
    });
    expect(await setDestinationEnabledAction.run(bed.lead, { id, enabled: false })).toEqual({
      ok: true,
      data: { enabled: false },
    });
    const rotated = await rotateSigningSecretAction.run(bed.lead, { id });
    expect(rotated.ok).toBe(true);
    const revealed = await revealSigningSecretAction.run(bed.admin, { id });
    expect(revealed.ok && revealed.data.signingSecret).toBe(rotated.ok && rotated.data.signingSecret);
    expect(revealed.ok && revealed.data.previous?.signingSecret).toBe(signingSecret);
    const { rows } = await bed.pool.query("SELECT name, enabled, retry_max FROM webhook_destinations WHERE id = $1", [
      id,
    ]);
    expect(rows[0]).toEqual({ name: "Renamed", enabled: false, retry_max: 3 });
    const audit = await bed.pool.query("SELECT action FROM audit_logs WHERE target_id = $1 ORDER BY id", [id]);
    expect(audit.rows.map((r) => r.action)).toEqual([
      "destination.created",
      "destination.updated",
      "destination.disabled",
      "destination.secret_rotated",
      "destination.secret_revealed",
    ]);
  });

  it("sends a signed test event to a real receiver and reports its answer", async () => {
    const created = await create(bed.lead, {
      name: "Test target",
      authType: "header",
      headerName: "X-Api-Key",
      headerValue: "s3cret-header",
    });
    if (!created.ok) throw new Error(created.error);
    const before = received.length;
    const result = await sendTestEventAction.run(bed.lead, { id: created.data.id });
    expect(result).toMatchObject({ ok: true, data: { ok: true, status: 200, responseBody: '{"received":true}' } });
    const request = received[before]!;
    expect(request.headers["webhook-signature"]).toMatch(/^v1,/);
    expect(request.headers["x-api-key"]).toBe("s3cret-header");
    expect(request.body).toContain("hookline.test");
  });

  it("previews how many recent events the types and filter would match", async () => {
    expect(await previewEventFilterAction.run(bed.viewer, { eventTypes: [], eventFilter: null })).toMatchObject({
      ok: true,
      data: { sampled: expect.any(Number) },
    });
    const high = await previewEventFilterAction.run(bed.lead, {
      eventTypes: ["user.login"],
      eventFilter: { severity: "high" },
    });
    expect(high).toMatchObject({ ok: true, data: { matched: 3 } });
    expect(await previewEventFilterAction.run(bed.lead, { eventTypes: [], eventFilter: [1, 2] })).toMatchObject({
      ok: false,
      code: "validation_failed",
    });
    // The editor sends its text (an object argument loses "__proto__" keys on the way): the
    // same count from text, a "__proto__" filter matches nothing here rather than everything,
    // and bad text is a field error on eventFilter.
    expect(
      await previewEventFilterAction.run(bed.lead, {
        eventTypes: ["user.login"],
        eventFilterText: '{"severity":"high"}',
      }),
    ).toMatchObject({ ok: true, data: { matched: 3 } });
    expect(
      await previewEventFilterAction.run(bed.lead, {
        eventTypes: [],
        eventFilterText: '{"__proto__":{"severity":"high"}}',
      }),
    ).toMatchObject({ ok: true, data: { matched: 0 } });
    expect(
      await previewEventFilterAction.run(bed.lead, { eventTypes: [], eventFilterText: '{"severity":' }),
    ).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { eventFilter: expect.any(Array) } });
  });

  it("deletes with its deliveries and says how many went", async () => {
    const created = await create(bed.lead, { name: "Doomed" });
    if (!created.ok) throw new Error(created.error);
    const id = created.data.id;
    const logs = await bed.pool.query<{ id: string }>("SELECT id FROM activity_logs WHERE org_id = $1 LIMIT 4", [
      bed.orgId,
    ]);
    for (const log of logs.rows)
      await bed.pool.query("INSERT INTO webhook_deliveries (destination_id, log_id) VALUES ($1, $2)", [id, log.id]);
    expect(await countDestinationDeliveriesAction.run(bed.lead, { id })).toEqual({ ok: true, data: { deliveries: 4 } });
    expect(await deleteDestinationAction.run(bed.lead, { id })).toEqual({ ok: true, data: { cascadedDeliveries: 4 } });
    expect(
      (await bed.pool.query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE destination_id = $1", [id]))
        .rows[0].n,
    ).toBe(0);
    expect(await deleteDestinationAction.run(bed.lead, { id })).toMatchObject({ ok: false, code: "not_found" });
  });
});
