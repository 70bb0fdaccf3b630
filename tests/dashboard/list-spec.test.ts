import { describe, expect, it } from "vitest";
import { activityColumns } from "../../components/activity/activity-columns";
import { columnFilters, filterKeys, type DataTableColumnDef } from "../../components/data-table/features";
import { deliveryColumns } from "../../components/deliveries/delivery-columns";
import { failureColumns } from "../../components/failures/failure-columns";
import { activityListUrl } from "../../lib/activity/activity-search-params";
import { deliveryListUrl } from "../../lib/deliveries/delivery-search-params";
import { failedWebhookListUrl } from "../../lib/failed-webhooks/failed-webhook-search-params";
import type { ListUrlSpec } from "../../lib/list/search-param-parsers";

const D1 = "11111111-1111-4111-8111-111111111111";
const options = { destinations: [{ id: D1, name: "Billing" }], eventTypes: ["invoice.paid"] };

const lists: {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- three row types in one table of cases
  columns: DataTableColumnDef<any>[];
  spec: ListUrlSpec;
  /** URL keys with no control: set by links (a chip), or by the sort headers and the pager. */
  notControls: string[];
  toolbar: string[];
}[] = [
  {
    name: "deliveries",
    columns: deliveryColumns(options),
    spec: deliveryListUrl,
    notControls: ["logId", "perPage", "sort"],
    toolbar: [
      "Search error message",
      "Status",
      "Destination",
      "Event type",
      "Response status (2xx, 5xx, 404…)",
      "Attempts at least",
      "Created",
      "Last attempt",
    ],
  },
  {
    name: "failures",
    columns: failureColumns(options),
    spec: failedWebhookListUrl,
    notControls: ["perPage", "sort"],
    toolbar: ["Search error message", "Status", "Destination", "Event type", "Died"],
  },
  {
    name: "activity",
    columns: activityColumns({
      eventTypes: ["invoice.paid"],
      categories: ["billing"],
      employees: [{ id: D1, name: "Ada" }],
      clients: ["ios"],
    }),
    spec: activityListUrl,
    notControls: ["perPage"],
    toolbar: ["Search content", "Event type", "Category", "Employee", "Client", "Date"],
  },
];

describe("a list's columns and its URL spec agree", () => {
  for (const list of lists) {
    it(`${list.name}: each filter control writes a key the page parses, and each filter key has a control`, () => {
      const filters = columnFilters(list.columns);
      const keys = filterKeys(filters);
      expect(new Set(keys).size, "one control per key").toBe(keys.length);
      expect(list.spec.keys).toEqual(expect.arrayContaining(keys));
      expect(list.spec.keys.filter((key) => !keys.includes(key)).sort()).toEqual(list.notControls);
      expect(list.spec.cursorKeys).toEqual(["cursor", "dir"]);
      // The toolbar keeps the order it had when the filters were a separate array.
      expect(filters.map((f) => f.label)).toEqual(list.toolbar);
    });
  }

  it("the canonical query is the same for equal states however the URL spells them", () => {
    const a = deliveryListUrl.canonicalQuery(
      `perPage=50&destinationId=${D1.toUpperCase()}&status=dead,dead&sort=created_at.desc`,
    );
    const b = deliveryListUrl.canonicalQuery(new URLSearchParams(`status=dead&destinationId=${D1}&bogus=1`));
    expect(a).toBe(`?status=dead&destinationId=${D1}`);
    expect(b).toBe(a);
  });
});
