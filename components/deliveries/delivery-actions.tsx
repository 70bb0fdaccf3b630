"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { cancelDeliveriesAction, retryDeliveriesAction } from "@/actions/deliveries";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toaster";
import { useAction } from "@/hooks/use-action";
import type { DeliveryStatus } from "@/lib/deliveries/delivery-filter";

/** Retry now / mark dead for one delivery; shown disabled (with the reason) to other roles. */
export function DeliveryActions({ id, status, denied }: { id: string; status: DeliveryStatus; denied: string | null }) {
  const router = useRouter();
  const toast = useToast();
  const retry = useAction(retryDeliveriesAction);
  const cancel = useAction(cancelDeliveriesAction);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const canRetry = status === "failed" || status === "dead";
  const canCancel = status === "pending" || status === "failed";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="primary"
        disabledReason={
          denied ?? (canRetry ? null : `Only failed or dead deliveries can be retried (this one is ${status})`)
        }
        pending={retry.pending}
        onClick={async () => {
          const result = await retry.execute({ ids: [id] });
          if (!result.ok) toast.error(result.error);
          else if (result.data.count === 0) toast.info("Nothing changed: the delivery is no longer failed or dead");
          else {
            toast.success("Re-queued: it is sent on the next dispatch");
            router.refresh();
          }
        }}
      >
        Retry now
      </Button>
      <Button
        disabledReason={
          denied ?? (canCancel ? null : `Only pending or failed deliveries can be stopped (this one is ${status})`)
        }
        onClick={() => setConfirmCancel(true)}
      >
        Mark dead
      </Button>
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title="Stop retrying this delivery?"
        confirmLabel="Mark dead"
        destructive
        pending={cancel.pending}
        error={cancel.error}
        onConfirm={async () => {
          const result = await cancel.execute({ ids: [id] });
          if (result.ok) {
            setConfirmCancel(false);
            toast.success(
              result.data.count
                ? "Marked dead; it is in Failures for review"
                : "Nothing changed: it was no longer pending or failed",
            );
            router.refresh();
          }
        }}
      >
        No further attempts are made. It becomes dead and appears in Failures, where it can still be retried.
      </ConfirmDialog>
      {denied ? <span className="text-xs text-zinc-500 dark:text-zinc-400">{denied}</span> : null}
    </div>
  );
}
