"use client";

import { Button } from "@/components/ui/button";
import { bulkConfirmation, bulkRequestBody, type BulkMatching } from "@/hooks/use-bulk-matching";
import type { CountResult } from "@/lib/list/count-with-fallback";
import { formatCount } from "@/lib/format/numbers";
import { BulkActionDialog } from "./bulk-action-dialog";

/** "All 1,234 matching the filter: [Retry all…] [Cancel all…]" — each button counts, then confirms. */
export function BulkMatchingBar<K extends string, C, R>({
  bulk,
  count,
  denied,
}: {
  bulk: BulkMatching<K, C, R>;
  count: CountResult;
  denied: string | null;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs">
      <span className="text-zinc-500 dark:text-zinc-400">
        All {count.estimated ? "≈ " : ""}
        {formatCount(count.count)} {bulk.matchingLabel}:
      </span>
      {(Object.keys(bulk.kinds) as K[]).map((kind) => (
        <Button
          key={kind}
          size="xs"
          disabledReason={denied ?? undefined}
          pending={bulk.counting === kind}
          onClick={() => bulk.openMatching(kind)}
        >
          {bulk.kinds[kind].allLabel}
        </Button>
      ))}
      {denied ? <span className="text-zinc-500 dark:text-zinc-400">({denied})</span> : null}
    </div>
  );
}

/** The selection bar's buttons, the first one primary: "Retry selected", "Mark selected dead"… */
export function BulkSelectionButtons<K extends string, C, R>({
  bulk,
  selectedCount,
  denied,
}: {
  bulk: BulkMatching<K, C, R>;
  selectedCount: number;
  denied: string | null;
}) {
  return (
    <>
      {(Object.keys(bulk.kinds) as K[]).map((kind, i) => (
        <Button
          key={kind}
          size="xs"
          variant={i === 0 ? "primary" : undefined}
          disabledReason={denied ?? undefined}
          onClick={() => bulk.openSelected(kind, selectedCount)}
        >
          {bulk.kinds[kind].selectedLabel}
        </Button>
      ))}
    </>
  );
}

/** The open request's confirmation, run through `${endpoint}?action=<kind>` with progress. */
export function BulkMatchingDialog<K extends string, C, R>({
  bulk,
  endpoint,
  selectedIds,
  onDone,
}: {
  bulk: BulkMatching<K, C, R>;
  endpoint: string;
  selectedIds: string[];
  onDone?: () => void;
}) {
  const request = bulk.request;
  if (!request) return null;
  const spec = bulk.kinds[request.kind];
  const { message, confirmLabel } = bulkConfirmation(spec, request, bulk.filterQuery);
  return (
    <BulkActionDialog<R>
      open
      onOpenChange={(open) => !open && bulk.close()}
      title={spec.title}
      confirmLabel={confirmLabel}
      destructive={spec.destructive}
      endpoint={`${endpoint}?action=${request.kind}`}
      body={bulkRequestBody(request.scope, selectedIds, bulk.filterQuery)}
      expected={request.expected}
      describeResult={spec.describeResult}
      onDone={onDone}
    >
      <p>{message}</p>
    </BulkActionDialog>
  );
}
