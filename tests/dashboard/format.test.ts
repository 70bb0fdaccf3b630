import { describe, expect, it } from "vitest";
import { formatSortParam, parseSortParam } from "../../hooks/use-data-table";
import { formatCount, formatPercent, plural } from "../../lib/format/numbers";
import { formatAge, formatDurationMs, formatExactTime, formatRelativeTime } from "../../lib/format/relative-time";
import { deliveriesHref, parseDeliverySearchParams } from "../../lib/deliveries/delivery-search-params";
import { failuresHref, parseFailedWebhookSearchParams } from "../../lib/failed-webhooks/failed-webhook-search-params";

describe("time formatting", () => {
  const now = Date.parse("2026-11-25T12:00:00Z");
  it("says how long ago or how soon, in the largest whole unit", () => {
    expect(formatRelativeTime("2026-11-25T11:59:58Z", now)).toBe("just now");
    expect(formatRelativeTime("2026-11-25T11:57:00Z", now)).toBe("3 min. ago");
    expect(formatRelativeTime("2026-11-25T14:30:00Z", now)).toBe("in 2 hr.");
    expect(formatRelativeTime("2026-11-24T12:00:00Z", now)).toBe("yesterday");
    expect(formatRelativeTime("not a date", now)).toBe("—");
  });

  it("shows exact times in the zone asked for, with the zone's name", () => {
    expect(formatExactTime("2026-11-25T12:00:00Z", "UTC")).toBe("25 Nov 2026, 12:00:00 UTC");
    expect(formatExactTime("2026-11-25T12:00:00Z", "Europe/Berlin")).toBe("25 Nov 2026, 13:00:00 CET");
  });

  it("formats ages and durations", () => {
    expect(formatAge(42_000)).toBe("42 s");
    expect(formatAge(3 * 3600_000 + 5 * 60_000)).toBe("3 h 5 m");
    expect(formatAge(3 * 86_400_000 + 3600_000)).toBe("3 d 1 h");
    expect(formatDurationMs(87)).toBe("87 ms");
    expect(formatDurationMs(2260)).toBe("2.26 s");
    expect(formatDurationMs(null)).toBe("—");
  });
});

describe("number formatting", () => {
  it("groups thousands and handles nothing to divide", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatPercent(0.9731)).toBe("97.3 %");
    expect(formatPercent(null)).toBe("—");
    expect(plural(1, "delivery", "deliveries")).toBe("1 delivery");
    expect(plural(2, "delivery", "deliveries")).toBe("2 deliveries");
  });
});

describe("table URL state", () => {
  it("round-trips one sort column and falls back on garbage", () => {
    expect(parseSortParam("attempts.asc", [])).toEqual([{ id: "attempts", desc: false }]);
    expect(formatSortParam([{ id: "created_at", desc: true }])).toBe("created_at.desc");
    expect(parseSortParam(null, [{ id: "x", desc: true }])).toEqual([{ id: "x", desc: true }]);
  });

  it("builds deep links the deliveries and failures pages parse back", () => {
    const from = "2026-11-24T12:00:00.000Z";
    const d = parseDeliverySearchParams(
      new URLSearchParams(
        deliveriesHref({
          status: ["failed", "dead"],
          destinationId: ["0b8f6d5e-1111-4222-8333-944455556666"],
          createdFrom: new Date(from),
          sort: { by: "created_at", order: "asc" },
        }).split("?")[1],
      ),
    );
    expect(d.filter).toEqual({
      status: ["failed", "dead"],
      destinationId: ["0b8f6d5e-1111-4222-8333-944455556666"],
      createdFrom: new Date(from),
    });
    expect(d.sort).toEqual({ by: "created_at", order: "asc" });
    const f = parseFailedWebhookSearchParams(
      new URLSearchParams(
        failuresHref({
          status: ["pending"],
          destinationId: ["0b8f6d5e-1111-4222-8333-944455556666"],
          createdFrom: new Date(from),
        }).split("?")[1],
      ),
    );
    expect(f.filter).toEqual({
      status: ["pending"],
      destinationId: ["0b8f6d5e-1111-4222-8333-944455556666"],
      createdFrom: new Date(from),
    });
  });
});
