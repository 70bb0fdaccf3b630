import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AppRouterContext } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { beforeAll, describe, expect, it } from "vitest";
import { countDeliveryTargetsAction } from "@/actions/deliveries";
import { countFailedWebhookTargetsAction } from "@/actions/failures";
import { BulkMatchingBar, BulkMatchingDialog, BulkSelectionButtons } from "../../components/data-table/bulk-matching";
import { DELIVERY_BULK_KINDS, type DeliveryTargetCounts } from "../../components/deliveries/delivery-bulk-kinds";
import { FAILURE_BULK_KINDS } from "../../components/failures/failure-bulk-kinds";
import {
  bulkConfirmation,
  bulkRequestBody,
  matchingOutcome,
  useBulkMatching,
  type BulkMatching,
  type BulkRequest,
} from "../../hooks/use-bulk-matching";
import type { SessionUser } from "../../lib/auth/session";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createLog, createOrg } from "../helpers/fixtures";
import { sessionUser } from "./session-users";

/**
 * The deliveries and failures tables share one "count all matching, confirm, stream with
 * progress" flow (useBulkMatching + BulkMatching*); each table only supplies its kinds. The
 * count answers here are the real actions' on a real database.
 */

let db: TestDatabase;
let admin: SessionUser;
let busy: string;
let quiet: string;

async function delivery(orgId: string, destinationId: string, status: "pending" | "failed" | "dead" | "delivered") {
  const logId = await createLog(db.pool, orgId, "bulk.test", {});
  const { rows } = await db.pool.query<{ id: string }>(
    "INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts) VALUES ($1, $2, $3, 1) RETURNING id",
    [destinationId, logId, status],
  );
  if (status === "dead") {
    await db.pool.query(
      "INSERT INTO failed_webhooks (webhook_payload_json, error_message) VALUES (jsonb_build_object('delivery_id', $1::text, " +
        "'org_id', $2::text, 'destination_id', $3::text, 'log_id', $4::text, 'event_type', 'bulk.test'), 'HTTP 500')",
      [rows[0]!.id, orgId, destinationId, logId],
    );
  }
}

beforeAll(async () => {
  db = await useFreshDatabase();
  const orgId = await createOrg(db.pool);
  admin = await sessionUser(db.pool, orgId, "admin");
  busy = (await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/busy", name: "Busy" })).id;
  quiet = (await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/quiet", name: "Quiet" })).id;
  for (const status of ["dead", "dead", "failed", "pending", "delivered"] as const) await delivery(orgId, busy, status);
  await delivery(orgId, quiet, "delivered");
});

describe("all matching: the count decides between confirming and saying why not", () => {
  it("deliveries: retry counts failed + dead, cancel counts pending + failed", async () => {
    const counts = await countDeliveryTargetsAction.run(admin, { query: `destinationId=${busy}` });
    expect(matchingOutcome("retry", counts, DELIVERY_BULK_KINDS.retry)).toEqual({
      request: { kind: "retry", scope: "matching", expected: 3 },
    });
    expect(matchingOutcome("cancel", counts, DELIVERY_BULK_KINDS.cancel)).toEqual({
      request: { kind: "cancel", scope: "matching", expected: 2 },
    });
  });

  it("deliveries: nothing to change is said, not confirmed", async () => {
    const counts = await countDeliveryTargetsAction.run(admin, { query: `destinationId=${quiet}` });
    expect(matchingOutcome("retry", counts, DELIVERY_BULK_KINDS.retry)).toEqual({
      toast: "info",
      message: "Nothing to retry: no failed or dead deliveries match.",
    });
    expect(matchingOutcome("cancel", counts, DELIVERY_BULK_KINDS.cancel)).toEqual({
      toast: "info",
      message: "Nothing to cancel: no pending or failed deliveries match.",
    });
  });

  it("failures: retry counts pending + discarded, discard counts pending", async () => {
    const counts = await countFailedWebhookTargetsAction.run(admin, { query: `destinationId=${busy}` });
    expect(matchingOutcome("retry", counts, FAILURE_BULK_KINDS.retry)).toEqual({
      request: { kind: "retry", scope: "matching", expected: 2 },
    });
    expect(matchingOutcome("discard", counts, FAILURE_BULK_KINDS.discard)).toEqual({
      request: { kind: "discard", scope: "matching", expected: 2 },
    });
    const none = await countFailedWebhookTargetsAction.run(admin, { query: `destinationId=${quiet}` });
    expect(matchingOutcome("discard", none, FAILURE_BULK_KINDS.discard)).toEqual({
      toast: "info",
      message: "Nothing to discard: no pending rows match.",
    });
  });

  it("a refused count is shown as the error", async () => {
    const refused = await countDeliveryTargetsAction.run(null, { query: "" });
    expect(refused.ok).toBe(false);
    expect(matchingOutcome("retry", refused, DELIVERY_BULK_KINDS.retry)).toEqual({
      toast: "error",
      message: !refused.ok ? refused.error : "",
    });
  });
});

describe("the request sent to the bulk route", () => {
  it("is the selected ids, or the filter for everything matching", () => {
    expect(bulkRequestBody("selected", ["a", "b"], "status=dead")).toEqual({ ids: ["a", "b"] });
    expect(bulkRequestBody("matching", ["a", "b"], "status=dead")).toEqual({ query: "status=dead" });
  });
});

describe("the confirmations say what they said before the extraction", () => {
  const confirm = <K extends string>(
    kinds: Record<K, Parameters<typeof bulkConfirmation>[0]>,
    kind: K,
    scope: "selected" | "matching",
    expected: number,
    filter: string,
  ) => bulkConfirmation(kinds[kind], { kind, scope, expected }, filter);

  it.each([
    [
      DELIVERY_BULK_KINDS,
      "retry",
      "matching",
      1234,
      "status=dead",
      "Retry all 1,234 failed or dead deliveries matching the filter? They go back to pending with attempts reset and are sent " +
        "on the next dispatch. Pending and delivered rows are left alone.",
      "Retry 1,234",
    ],
    [
      DELIVERY_BULK_KINDS,
      "retry",
      "selected",
      3,
      "",
      "Retry the 3 selected deliveries? They go back to pending with attempts reset and are sent on the next dispatch. Pending " +
        "and delivered rows are left alone.",
      "Retry 3",
    ],
    [
      DELIVERY_BULK_KINDS,
      "cancel",
      "matching",
      7,
      "",
      "Stop retrying all 7 pending or failed deliveries in this organisation? They become dead and land in Failures for review.",
      "Mark dead 7",
    ],
    [
      FAILURE_BULK_KINDS,
      "retry",
      "matching",
      2,
      "q=x",
      "Retry all 2 pending or discarded rows matching the filter? Each row's delivery is queued again with its attempts reset, " +
        "and the row is marked retried. Rows already retried are left alone.",
      "Retry 2",
    ],
    [
      FAILURE_BULK_KINDS,
      "discard",
      "selected",
      5,
      "",
      "Discard the 5 selected rows? They are marked failed permanently and leave the review queue; a discarded row can still be " +
        "retried later.",
      "Discard 5",
    ],
  ] as const)("%#: %s %s", (kinds, kind, scope, expected, filter, message, confirmLabel) => {
    expect(confirm(kinds as never, kind, scope, expected, filter)).toEqual({ message, confirmLabel });
  });

  it("results read as before", () => {
    expect(DELIVERY_BULK_KINDS.retry.describeResult({ count: 1 })).toBe("Re-queued 1 delivery");
    expect(DELIVERY_BULK_KINDS.cancel.describeResult({ count: 1200 })).toBe("Marked dead 1,200 deliveries");
    expect(FAILURE_BULK_KINDS.retry.describeResult({ count: 4, skipped: 1 })).toBe(
      "Retried 4: their deliveries are queued again; 1 skipped (their delivery no longer exists)",
    );
    expect(FAILURE_BULK_KINDS.discard.describeResult({ count: 3 })).toBe("Discarded 3");
  });
});

describe("the shared controls render each table's kinds", () => {
  const router = { back() {}, forward() {}, refresh() {}, hmrRefresh() {}, push() {}, replace() {}, prefetch() {} };
  const render = (element: ReactElement) =>
    renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: router as never }, element));

  function Controls({ which, denied }: { which: "deliveries" | "failures"; denied: string | null }) {
    const deliveries = useBulkMatching({
      kinds: DELIVERY_BULK_KINDS,
      countTargets: countDeliveryTargetsAction,
      filterQuery: "status=dead",
    });
    const failures = useBulkMatching({
      kinds: FAILURE_BULK_KINDS,
      countTargets: countFailedWebhookTargetsAction,
      filterQuery: "",
    });
    const bulk = (which === "deliveries" ? deliveries : failures) as BulkMatching<string, unknown, unknown>;
    return createElement(
      "div",
      null,
      createElement(BulkMatchingBar, { bulk, count: { count: 1234, estimated: true }, denied }),
      createElement(BulkSelectionButtons, { bulk, selectedCount: 2, denied }),
    );
  }
  const buttons = (html: string) =>
    [...html.matchAll(/<button[^>]*>(.*?)<\/button>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ""));

  it("deliveries: the matching count with its buttons, then the selection's", () => {
    const html = render(createElement(Controls, { which: "deliveries", denied: null }));
    expect(html.replace(/<[^>]+>/g, "")).toContain("All ≈ 1,234 matching the filter:");
    expect(buttons(html)).toEqual(["Retry all…", "Cancel all…", "Retry selected", "Mark selected dead"]);
  });

  it("failures: the same, in the organisation, and disabled with the reason for a viewer", () => {
    const html = render(createElement(Controls, { which: "failures", denied: "Only admins can do this" }));
    expect(html.replace(/<[^>]+>/g, "")).toContain("All ≈ 1,234 in this organisation:");
    expect(buttons(html)).toEqual(["Retry all…", "Discard all…", "Retry selected", "Discard selected"]);
    expect(html.match(/aria-disabled="true"/g)).toHaveLength(4);
    expect(html).toContain("(Only admins can do this)");
  });

  it("the dialog confirms the open request and posts to the table's route", () => {
    const request: BulkRequest<"cancel"> = { kind: "cancel", scope: "matching", expected: 2 };
    // The hook's state with a request open (a render cannot click "Cancel all…" first).
    const bulk: BulkMatching<"retry" | "cancel", DeliveryTargetCounts, { count: number }> = {
      kinds: DELIVERY_BULK_KINDS,
      filterQuery: "",
      matchingLabel: "in this organisation",
      request,
      counting: null,
      openMatching: async () => {},
      openSelected: () => {},
      close: () => {},
    };
    const Dialog = BulkMatchingDialog<"retry" | "cancel", DeliveryTargetCounts, { count: number }>;
    const html = render(createElement(Dialog, { bulk, endpoint: "/deliveries/bulk", selectedIds: [] }));
    expect(html).toContain(">Mark deliveries dead</h2>");
    expect(html).toContain(
      "<p>Stop retrying all 2 pending or failed deliveries in this organisation? They become dead and land in Failures for review.</p>",
    );
    expect(buttons(html)).toContain("Mark dead 2");
    expect(
      render(
        createElement(Dialog, { bulk: { ...bulk, request: null }, endpoint: "/deliveries/bulk", selectedIds: [] }),
      ),
    ).toBe("");
  });
});
