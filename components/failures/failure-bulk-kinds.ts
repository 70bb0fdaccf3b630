import type { BulkKinds } from "@/hooks/use-bulk-matching";
import type { CountResult } from "@/lib/list/count-with-fallback";
import type { RetryFailedWebhooksResult } from "@/lib/failed-webhooks/retry-failed-webhooks";
import { formatCount } from "@/lib/format/numbers";

/** countFailedWebhookTargetsAction's answer. */
export interface FailedWebhookTargetCounts {
  matching: CountResult;
  retryable: CountResult;
  discardable: CountResult;
}

/** The failures table's bulk actions (POST /failures/bulk?action=retry|discard). */
export const FAILURE_BULK_KINDS: BulkKinds<
  "retry" | "discard",
  FailedWebhookTargetCounts,
  RetryFailedWebhooksResult | { count: number }
> = {
  retry: {
    allLabel: "Retry all…",
    selectedLabel: "Retry selected",
    targets: (c) => c.retryable.count,
    nothingToDo: "Nothing to retry: no pending or discarded rows match.",
    title: "Retry failed webhooks",
    confirmVerb: "Retry",
    question: (scope, n, matching) =>
      scope === "selected" ? `Retry the ${n} selected rows?` : `Retry all ${n} pending or discarded rows ${matching}?`,
    consequence:
      "Each row's delivery is queued again with its attempts reset, and the row is marked retried. Rows already retried are left alone.",
    describeResult: (r) => {
      const skipped =
        "skipped" in r && r.skipped ? `; ${formatCount(r.skipped)} skipped (their delivery no longer exists)` : "";
      return `Retried ${formatCount(r.count)}: their deliveries are queued again${skipped}`;
    },
  },
  discard: {
    allLabel: "Discard all…",
    selectedLabel: "Discard selected",
    targets: (c) => c.discardable.count,
    nothingToDo: "Nothing to discard: no pending rows match.",
    title: "Discard failed webhooks",
    confirmVerb: "Discard",
    destructive: true,
    question: (scope, n, matching) =>
      scope === "selected" ? `Discard the ${n} selected rows?` : `Discard all ${n} rows pending review ${matching}?`,
    consequence:
      "They are marked failed permanently and leave the review queue; a discarded row can still be retried later.",
    describeResult: (r) => `Discarded ${formatCount(r.count)}`,
  },
};
