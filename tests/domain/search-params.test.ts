import { describe, expect, it } from "vitest";
import { parseDeliveryListQuery, parseFailedWebhookListQuery } from "../../lib/api/list-query";
import {
  deliveriesHref,
  deliveryFilterParsers,
  loadDeliverySearchParams,
  parseDeliverySearchParams,
  serializeDeliverySearchParams,
} from "../../lib/deliveries/delivery-search-params";
import {
  failuresHref,
  loadFailedWebhookSearchParams,
  parseFailedWebhookSearchParams,
  serializeFailedWebhookSearchParams,
} from "../../lib/failed-webhooks/failed-webhook-search-params";
import { ValidationError } from "../../lib/errors";

const D1 = "11111111-1111-4111-8111-111111111111";
const D2 = "22222222-2222-4222-8222-222222222222";

describe("parseDeliverySearchParams", () => {
  it("reads every filter, the sort, page size and cursor", () => {
    const state = parseDeliverySearchParams(
      new URLSearchParams(
        `status=dead,failed&destinationId=${D1},${D2}&eventType=user.login&responseStatus=5xx` +
          "&createdFrom=2026-01-01&createdTo=2026-01-31" +
          "&lastAttemptFrom=2026-01-05T10:00:00Z&q=timeout&minAttempts=3&sort=attempts.asc&perPage=100&cursor=abc&dir=prev&logId=" +
          D1.toUpperCase(),
      ),
    );
    expect(state).toEqual({
      filter: {
        status: ["dead", "failed"],
        destinationId: [D1, D2],
        eventType: "user.login",
        responseStatus: "5xx",
        createdFrom: new Date("2026-01-01T00:00:00Z"),
        createdTo: new Date("2026-02-01T00:00:00Z"),
        lastAttemptFrom: new Date("2026-01-05T10:00:00Z"),
        q: "timeout",
        minAttempts: 3,
        logId: D1,
      },
      sort: { by: "attempts", order: "asc" },
      perPage: 100,
      cursor: "abc",
      direction: "prev",
    });
  });

  it("falls back to defaults for every bad value instead of failing", () => {
    const state = parseDeliverySearchParams({
      status: ["bogus,dead", "dead"],
      destinationId: "not-a-uuid",
      responseStatus: "7xx",
      createdFrom: "yesterday",
      createdTo: "2026-13-45",
      minAttempts: "-1",
      q: "x".repeat(500),
      sort: "DROP TABLE.desc",
      perPage: "1000",
      dir: "sideways",
      eventType: "",
      cursor: "c".repeat(513),
    });
    expect(state).toEqual({
      filter: { status: ["dead"] },
      sort: { by: "created_at", order: "desc" },
      perPage: 50,
      cursor: null,
      direction: "next",
    });
  });

  it("accepts exact response codes and 'none'", () => {
    expect(parseDeliverySearchParams({ responseStatus: "404" }).filter.responseStatus).toBe(404);
    expect(parseDeliverySearchParams({ responseStatus: "none" }).filter.responseStatus).toBe("none");
    expect(parseDeliverySearchParams({ responseStatus: "99" }).filter.responseStatus).toBeUndefined();
  });

  it("round-trips through the serializer, leaving defaults out", () => {
    const query = `status=dead&destinationId=${D1}&responseStatus=404&sort=last_attempt_at.asc&perPage=25`;
    const values = loadDeliverySearchParams(query);
    expect(loadDeliverySearchParams(serializeDeliverySearchParams(values))).toEqual(values);
    expect(parseDeliverySearchParams(serializeDeliverySearchParams(values))).toEqual(parseDeliverySearchParams(query));
    expect(serializeDeliverySearchParams(loadDeliverySearchParams("sort=created_at.desc&perPage=50&dir=next"))).toBe(
      "",
    );
  });

  it("has one key per filter: a link writes the key the page reads", () => {
    const href = deliveriesHref({
      destinationId: [D1],
      status: ["failed", "dead"],
      sort: { by: "created_at", order: "asc" },
    });
    expect(href).toBe(`/deliveries?status=failed,dead&destinationId=${D1}&sort=created_at.asc`);
    expect(parseDeliverySearchParams(href.split("?")[1] ?? "").filter.destinationId).toEqual([D1]);
    // The alias the old parser also read is gone: one spelling per filter.
    expect(parseDeliverySearchParams(`destination=${D1}`).filter).toEqual({});
  });
});

describe("the API's strict variant of the same parsers", () => {
  const url = (query: string) => new URL(`http://127.0.0.1/api/v1/deliveries?${query}`);
  const fieldErrors = (query: string, parse: (url: URL) => unknown = parseDeliveryListQuery) => {
    try {
      parse(url(query));
    } catch (error) {
      if (error instanceof ValidationError) return error.fieldErrors;
      throw error;
    }
    return null;
  };

  it("rejects unknown keys and bad values, naming the parameter", () => {
    expect(deliveryFilterParsers.status.schema.safeParse("gone").success).toBe(false);
    expect(fieldErrors("status=dead&extra=1")).toEqual({ extra: ["Unknown field"] });
    expect(Object.keys(fieldErrors("status=gone")!)).toEqual(["status.0"]);
    expect(Object.keys(fieldErrors("destination_id=x")!)).toEqual(["destination_id.0"]);
    expect(Object.keys(fieldErrors("min_attempts=-1")!)).toEqual(["min_attempts"]);
    expect(fieldErrors("destinationId=x")).toEqual({ destinationId: ["Unknown field; did you mean destination_id?"] });
    expect(Object.keys(fieldErrors("status=nope", parseFailedWebhookListQuery)!)).toEqual(["status.0"]);
  });

  it("where the page falls back to its default, the API answers 400 naming the parameter", () => {
    for (const [page, api, field] of [
      ["status=gone", "status=gone", "status.0"],
      ["destinationId=x", "destination_id=x", "destination_id.0"],
      ["responseStatus=7xx", "response_status=7xx", "response_status"],
      ["minAttempts=-1", "min_attempts=-1", "min_attempts"],
      ["logId=nope", "log_id=nope", "log_id"],
      [`q=a%00b`, `q=a%00b`, "q"],
    ]) {
      expect(parseDeliverySearchParams(page!).filter, page).toEqual({});
      expect(Object.keys(fieldErrors(api!) ?? {}), api).toEqual([field]);
    }
  });

  it("reads what the page reads, under snake_case keys, with exact-instant from/to", () => {
    expect(
      parseDeliveryListQuery(url(`from=2026-01-01T00:00:00Z&min_attempts=2&destination_id=${D1.toUpperCase()}`)),
    ).toEqual({
      filter: { createdFrom: new Date("2026-01-01T00:00:00Z"), minAttempts: 2, destinationId: [D1] },
      sort: { by: "created_at", order: "desc" },
      cursor: null,
      direction: "next",
      limit: 50,
    });
    expect(parseDeliveryListQuery(url("to=2026-01-31")).filter).toEqual({
      createdTo: new Date("2026-01-31T00:00:00Z"),
    });
  });
});

describe("parseFailedWebhookSearchParams", () => {
  it("reads filters and drops bad values", () => {
    const state = parseFailedWebhookSearchParams(
      new URLSearchParams(
        `status=pending,nope&destinationId=${D1}&eventType=invoice.paid` +
          "&createdFrom=2026-02-01&createdTo=2026-02-02&q=404&sort=attempt_count.asc&perPage=7",
      ),
    );
    expect(state).toEqual({
      filter: {
        status: ["pending"],
        destinationId: [D1],
        eventType: "invoice.paid",
        createdFrom: new Date("2026-02-01T00:00:00Z"),
        createdTo: new Date("2026-02-03T00:00:00Z"),
        q: "404",
      },
      sort: { by: "attempt_count", order: "asc" },
      perPage: 50,
      cursor: null,
      direction: "next",
    });
    const values = loadFailedWebhookSearchParams(serializeFailedWebhookSearchParams(state.filter));
    expect(values).toMatchObject(state.filter);
    expect(failuresHref({ status: ["pending"], destinationId: [D1] })).toBe(
      `/failures?status=pending&destinationId=${D1}`,
    );
  });
});
