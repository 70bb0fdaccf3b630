"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  countDestinationDeliveriesAction,
  deleteDestinationAction,
  sendTestEventAction,
  setDestinationEnabledAction,
} from "@/actions/destinations";
import { HttpStatus } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { JsonViewer } from "@/components/ui/json-viewer";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import { useAction } from "@/hooks/use-action";
import type { TestEventResult } from "@/lib/dispatcher/send-test-event";
import { formatDurationMs } from "@/lib/format/relative-time";
import { formatCount } from "@/lib/format/numbers";

export function TestEventResultPanel({ result }: { result: TestEventResult }) {
  return (
    <div
      role="status"
      aria-label="Test event result"
      className={
        `rounded-md border p-3 text-xs ` +
        `${result.ok ? "border-emerald-300 dark:border-emerald-800" : "border-red-300 dark:border-red-800"}`
      }
    >
      <p className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-1">
        <span
          className={`font-semibold ${result.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
        >
          {result.ok ? "Delivered" : "Not delivered"}
        </span>
        <span>
          HTTP <HttpStatus code={result.status} />
        </span>
        <span className="text-zinc-500 dark:text-zinc-400">{formatDurationMs(result.durationMs)}</span>
        <Link href={`/deliveries/${result.deliveryId}`} className="underline">
          Open the delivery
        </Link>
      </p>
      {result.error ? <p className="mb-2 text-red-700 dark:text-red-400">{result.error}</p> : null}
      {result.responseBody != null ? (
        <JsonViewer value={result.responseBody} label="receiver response" />
      ) : (
        <p className="text-zinc-500 dark:text-zinc-400">No response body.</p>
      )}
    </div>
  );
}

/** Send test event, enable/disable and delete, each checked again on the server. */
export function DestinationControls({
  id,
  name,
  enabled,
  denied,
}: {
  id: string;
  name: string;
  enabled: boolean;
  denied: string | null;
}) {
  const router = useRouter();
  const toast = useToast();
  const test = useAction(sendTestEventAction);
  const toggle = useAction(setDestinationEnabledAction);
  const remove = useAction(deleteDestinationAction);
  const [deleting, setDeleting] = useState<{ deliveries: number } | null>(null);
  const [counting, setCounting] = useState(false);
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Button
          variant="primary"
          disabledReason={denied ?? undefined}
          pending={test.pending}
          onClick={async () => {
            const result = await test.execute({ id });
            if (!result.ok) toast.error(result.error);
          }}
        >
          Send test event
        </Button>
        <Button
          disabledReason={denied ?? undefined}
          pending={toggle.pending}
          onClick={async () => {
            const result = await toggle.execute({ id, enabled: !enabled });
            if (!result.ok) toast.error(result.error);
            else {
              toast.success(
                result.data.enabled ? `${name} is enabled` : `${name} is disabled: new events no longer fan out to it`,
              );
              router.refresh();
            }
          }}
        >
          {enabled ? "Disable" : "Enable"}
        </Button>
        <Button
          variant="danger"
          disabledReason={denied ?? undefined}
          pending={counting}
          onClick={async () => {
            setCounting(true);
            const result = await countDestinationDeliveriesAction({ id });
            setCounting(false);
            if (result.ok) setDeleting(result.data);
            else toast.error(result.error);
          }}
        >
          Delete…
        </Button>
      </div>
      {denied ? <span className="text-xs text-zinc-500 dark:text-zinc-400">{denied}</span> : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${name}?`}
        confirmLabel={deleting?.deliveries ? `Delete it and ${formatCount(deleting.deliveries)} deliveries` : "Delete"}
        destructive
        pending={remove.pending}
        error={remove.error}
        onConfirm={async () => {
          const result = await remove.execute({ id });
          if (result.ok) {
            toast.success(`Deleted ${name} and ${formatCount(result.data.cascadedDeliveries)} deliveries`);
            router.push("/destinations");
          }
        }}
      >
        {deleting?.deliveries ? (
          <>
            Its <strong>{formatCount(deleting.deliveries)}</strong> deliveries (and their attempt history) are deleted
            with it. Failed-webhook rows stay, showing the destination as gone.
          </>
        ) : (
          "It has no deliveries. This cannot be undone."
        )}
      </ConfirmDialog>
      {test.result?.ok ? (
        <div className="w-full max-w-xl self-stretch sm:self-end">
          <TestEventResultPanel result={test.result.data} />
        </div>
      ) : test.error ? (
        <Notice tone="error">{test.error}</Notice>
      ) : null}
    </div>
  );
}
