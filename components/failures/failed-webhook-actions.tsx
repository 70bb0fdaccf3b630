"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { discardFailedWebhooksAction, retryFailedWebhooksAction } from "@/actions/failures";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toaster";
import { useAction } from "@/hooks/use-action";
import type { FailedWebhookStatus } from "@/lib/failed-webhooks/failed-webhook-filter";

export function FailedWebhookActions({
  id,
  status,
  deliveryExists,
  denied,
}: {
  id: string;
  status: FailedWebhookStatus;
  deliveryExists: boolean;
  denied: string | null;
}) {
  const router = useRouter();
  const toast = useToast();
  const retry = useAction(retryFailedWebhooksAction);
  const discard = useAction(discardFailedWebhooksAction);
  const [confirm, setConfirm] = useState(false);
  const retryReason =
    denied ??
    (!deliveryExists
      ? "Its delivery no longer exists (the destination or event was deleted)"
      : status === "retried"
        ? "Already retried: its delivery is queued"
        : null);
  const discardReason =
    denied ??
    (status !== "pending"
      ? `Only rows pending review can be discarded (this one is ${status.replace("_", " ")})`
      : null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="primary"
        disabledReason={retryReason}
        pending={retry.pending}
        onClick={async () => {
          const result = await retry.execute({ ids: [id] });
          if (!result.ok) toast.error(result.error);
          else if (result.data.count === 0)
            toast.info(result.data.skipped ? "Skipped: its delivery no longer exists" : "Nothing changed");
          else {
            toast.success("Retried: the delivery is queued again");
            router.refresh();
          }
        }}
      >
        Retry
      </Button>
      <Button disabledReason={discardReason} onClick={() => setConfirm(true)}>
        Discard
      </Button>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title="Discard this failed webhook?"
        confirmLabel="Discard"
        destructive
        pending={discard.pending}
        error={discard.error}
        onConfirm={async () => {
          const result = await discard.execute({ ids: [id] });
          if (result.ok) {
            setConfirm(false);
            toast.success("Discarded");
            router.refresh();
          }
        }}
      >
        It is marked failed permanently and leaves the review queue. The delivery stays dead; you can still retry it
        later.
      </ConfirmDialog>
      {denied ? <span className="text-xs text-zinc-500 dark:text-zinc-400">{denied}</span> : null}
    </div>
  );
}
