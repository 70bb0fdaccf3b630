import type { BulkKinds } from "@/hooks/use-bulk-matching";
import type { CountResult } from "@/lib/list/count-with-fallback";
import { formatCount } from "@/lib/format/numbers";

/** countDeliveryTargetsAction's answer. */
export interface DeliveryTargetCounts {
  matching: CountResult;
  retryable: CountResult;
  cancellable: CountResult;
}

const deliveries = (n: number) => `${formatCount(n)} ${n === 1 ? "delivery" : "deliveries"}`;

/** The deliveries table's bulk actions (POST /deliveries/bulk?action=retry|cancel). */
export const DELIVERY_BULK_KINDS: BulkKinds<"retry" | "cancel", DeliveryTargetCounts, { count: number }> = {
  retry: {
    allLabel: "Retry all…",
    selectedLabel: "Retry selected",
    targets: (c) => c.retryable.count,
    nothingToDo: "Nothing to retry: no failed or dead deliveries match.",
    title: "Retry deliveries",
    confirmVerb: "Retry",
    question: (scope, n, matching) =>
      scope === "selected"
        ? `Retry the ${n} selected deliveries?`
        : `Retry all ${n} failed or dead deliveries ${matching}?`,
    consequence:
      "They go back to pending with attempts reset and are sent on the next dispatch. Pending and delivered rows are left alone.",
    describeResult: (r) => `Re-queued ${deliveries(r.count)}`,
  },
  cancel: {
    allLabel: "Cancel all…",
    selectedLabel: "Mark selected dead",
    targets: (c) => c.cancellable.count,
    nothingToDo: "Nothing to cancel: no pending or failed deliveries match.",
    title: "Mark deliveries dead",
    confirmVerb: "Mark dead",
    destructive: true,
    question: (scope, n, matching) =>
      scope === "selected"
        ? `Stop retrying the ${n} selected deliveries?`
        : `Stop retrying all ${n} pending or failed deliveries ${matching}?`,
    consequence: "They become dead and land in Failures for review.",
    describeResult: (r) => `Marked dead ${deliveries(r.count)}`,
  },
};
