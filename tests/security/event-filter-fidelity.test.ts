import { beforeAll, describe, expect, it } from "vitest";
import { createDestinationAction, updateDestinationAction } from "@/actions/destinations";
import * as destinationRoute from "../../app/api/v1/destinations/[id]/route";
import { POST as ingest } from "../../app/api/v1/events/route";
import type { SessionUser } from "../../lib/auth/session";
import { previewEventFilter } from "../../lib/destinations/preview-event-filter";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createDestination, createOrg } from "../helpers/fixtures";
import { sessionUser } from "../dashboard/session-users";

// An event filter is stored exactly as sent, from the API and from the dashboard, and the
// fan-out then applies that filter — not a silently widened one. A "__proto__" key used to
// be dropped (z.record rebuilt the object), leaving {} which matches every payload.

let t: TestDatabase;
let orgId: string;
let apiKey: string;
let admin: SessionUser;
const PROTO_FILTER = '{"__proto__":{"tier":"gold"}}';

async function storedFilter(id: string): Promise<string | null> {
  const { rows } = await t.pool.query<{ filter: string | null }>(
    "SELECT event_filter::text AS filter FROM webhook_destinations WHERE id = $1",
    [id],
  );
  return rows[0]!.filter;
}

/** Ingests one event and answers how many deliveries it fanned out to. */
async function fanOut(payloadText: string): Promise<number> {
  const response = await ingest(
    new Request("http://127.0.0.1/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: `{"event_type":"fidelity.check","payload":${payloadText}}`,
    }),
    { params: Promise.resolve({}) },
  );
  expect(response.status, payloadText).toBe(202);
  return ((await response.json()) as { events: { deliveries: number }[] }).events[0]!.deliveries;
}

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  apiKey = await createApiKey(t.pool, orgId, ["ingest", "manage"]);
  admin = await sessionUser(t.pool, orgId, "admin");
});

describe("event filter fidelity", () => {
  it("a dashboard filter sent as text keeps its __proto__ key, and fan-out honours it", async () => {
    const result = await createDestinationAction.run(admin, {
      name: "proto via form",
      url: "http://127.0.0.1:9/form",
      eventFilterText: PROTO_FILTER,
    });
    expect(result).toMatchObject({ ok: true });
    const id = (result as { ok: true; data: { id: string } }).data.id;
    expect(JSON.parse((await storedFilter(id))!)).toEqual(JSON.parse(PROTO_FILTER));
    expect(await fanOut("{}")).toBe(0);
    expect(await fanOut('{"__proto__":{"tier":"silver"}}')).toBe(0);
    expect(await fanOut('{"__proto__":{"tier":"gold","x":1},"y":2}')).toBe(1);

    // Empty text clears the filter; bad text is a field error on eventFilter.
    expect(await updateDestinationAction.run(admin, { id, values: { eventFilterText: "{nope" } })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { eventFilter: [expect.stringMatching(/^Not valid JSON/)] },
    });
    expect(await updateDestinationAction.run(admin, { id, values: { eventFilterText: '{"n":1e400}' } })).toMatchObject({
      ok: false,
      fieldErrors: { eventFilter: [expect.stringMatching(/finite.*\(at n\)/)] },
    });
    expect(JSON.parse((await storedFilter(id))!)).toEqual(JSON.parse(PROTO_FILTER));
    expect(await updateDestinationAction.run(admin, { id, values: { eventFilterText: " " } })).toMatchObject({
      ok: true,
    });
    expect(await storedFilter(id)).toBeNull();
    await t.pool.query("UPDATE webhook_destinations SET enabled = false WHERE id = $1", [id]);
  });

  it("the preview counts with the text's filter (lib; the dashboard's preview action passes only eventFilter so far)", async () => {
    // Three logs so far from the test above; one had a gold __proto__.
    expect(await previewEventFilter(orgId, { eventFilterText: PROTO_FILTER })).toEqual({ matched: 1, sampled: 3 });
    expect(await previewEventFilter(orgId, { eventFilter: JSON.parse(PROTO_FILTER) })).toEqual({
      matched: 1,
      sampled: 3,
    });
  });

  it("the API refuses a filter number beyond the double range with a 400 on event_filter, changing nothing", async () => {
    const { id } = await createDestination(t.pool, orgId, {
      url: "http://127.0.0.1:9/api",
      eventFilter: { tier: "gold" },
    });
    const before = await storedFilter(id);
    const response = await destinationRoute.PATCH(
      new Request(`http://127.0.0.1/api/v1/destinations/${id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: '{"event_filter":{"tier":1e400}}',
      }),
      { params: Promise.resolve({ id }) },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field_errors: { event_filter: [expect.stringMatching(/finite/)] } });
    expect(await storedFilter(id)).toBe(before);
  });
});
