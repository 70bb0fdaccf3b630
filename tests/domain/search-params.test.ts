import { describe, expect, it } from "vitest";
import {
  deliveryFilterSchema,
  deliverySearchParamsToQuery,
  parseDeliverySearchParams,
} from "../../lib/deliveries/delivery-filter";
import {
  failedWebhookSearchParamsToQuery,
  parseFailedWebhookSearchParams,
} from "../../lib/failed-webhooks/failed-webhook-filter";

const D1 = "11111111-1111-4111-8111-111111111111";
const D2 = "22222222-2222-4222-8222-222222222222";

describe("parseDeliverySearchParams", () => {
  it("reads every filter, the sort, page size and cursor", () => {
    const state = parseDeliverySearchParams(
      new URLSearchParams(
        `status=dead,failed&destination=${D1}&destinationId=${D2}&eventType=user.login&responseStatus=5xx` +
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
      destination: "not-a-uuid",
      responseStatus: "7xx",
      createdFrom: "yesterday",
      createdTo: "2026-13-45",
      minAttempts: "-1",
      q: "x".repeat(500),
      sort: "DROP TABLE.desc",
      perPage: "1000",
      dir: "sideways",
      eventType: "",
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

  it("round-trips through deliverySearchParamsToQuery", () => {
    const state = parseDeliverySearchParams(
      new URLSearchParams(`status=dead&destination=${D1}&responseStatus=404&sort=last_attempt_at.asc&perPage=25`),
    );
    const again = parseDeliverySearchParams(deliverySearchParamsToQuery(state));
    expect(again).toEqual(state);
    expect(
      deliverySearchParamsToQuery({ filter: {}, sort: { by: "created_at", order: "desc" }, perPage: 50 }).toString(),
    ).toBe("");
  });
});

describe("deliveryFilterSchema (strict)", () => {
  it("rejects unknown keys and bad values", () => {
    expect(deliveryFilterSchema.safeParse({ status: ["dead"], extra: 1 }).success).toBe(false);
    expect(deliveryFilterSchema.safeParse({ status: ["gone"] }).success).toBe(false);
    expect(deliveryFilterSchema.safeParse({ destinationId: ["x"] }).success).toBe(false);
    expect(deliveryFilterSchema.parse({ createdFrom: "2026-01-01T00:00:00Z", minAttempts: "2" })).toEqual({
      createdFrom: new Date("2026-01-01T00:00:00Z"),
      minAttempts: 2,
    });
  });
});

describe("parseFailedWebhookSearchParams", () => {
  it("reads filters (with the from/to aliases) and drops bad values", () => {
    const state = parseFailedWebhookSearchParams(
      new URLSearchParams(
        `status=pending,nope&destination=${D1}&eventType=invoice.paid&from=2026-02-01&to=2026-02-02&q=404&sort=attempt_count.asc&perPage=7`,
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
    expect(parseFailedWebhookSearchParams(failedWebhookSearchParamsToQuery(state))).toEqual(state);
  });
});
