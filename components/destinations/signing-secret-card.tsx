"use client";

import { useState } from "react";
import { revealSigningSecretAction, rotateSigningSecretAction } from "@/actions/destinations";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ExactTime } from "@/components/ui/relative-time";
import { SecretField } from "@/components/ui/secret-field";
import { SecretOnceDialog } from "@/components/ui/secret-once";
import { useToast } from "@/components/ui/toaster";
import { useAction } from "@/hooks/use-action";

/**
 * The signing secret: masked by default. Revealing is an admin action that is audit-logged;
 * rotating (anyone who manages destinations) shows the new secret once and keeps the old one
 * signing alongside for 24 h, so receivers can switch over without rejecting deliveries.
 */
export function SigningSecretCard({
  id,
  masked,
  previousExpiresAt,
  revealDenied,
  rotateDenied,
}: {
  id: string;
  masked: string;
  previousExpiresAt: Date | null;
  revealDenied: string | null;
  rotateDenied: string | null;
}) {
  const toast = useToast();
  const reveal = useAction(revealSigningSecretAction);
  const rotate = useAction(rotateSigningSecretAction);
  const [revealed, setRevealed] = useState<{
    signingSecret: string;
    previous: { signingSecret: string; expiresAt: Date } | null;
  } | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [rotated, setRotated] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-2 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <code className="rounded bg-zinc-100 px-1.5 py-1 font-mono dark:bg-zinc-800" data-testid="masked-secret">
          {masked}
        </code>
        <Button
          size="xs"
          disabledReason={revealDenied ?? undefined}
          pending={reveal.pending}
          onClick={async () => {
            const result = await reveal.execute({ id });
            if (result.ok) setRevealed(result.data);
            else toast.error(result.error);
          }}
        >
          Reveal
        </Button>
        <Button size="xs" disabledReason={rotateDenied ?? undefined} onClick={() => setConfirmRotate(true)}>
          Rotate…
        </Button>
      </div>
      {previousExpiresAt ? (
        <p className="text-zinc-500 dark:text-zinc-400">
          The previous secret still signs (a second signature) until <ExactTime date={previousExpiresAt} />.
        </p>
      ) : null}
      <Dialog
        open={revealed !== null}
        onOpenChange={() => setRevealed(null)}
        title="Signing secret"
        description="This reveal is recorded in the audit log."
      >
        {revealed ? (
          <div className="flex flex-col gap-3 text-xs">
            <SecretField label="Signing secret" value={revealed.signingSecret} testId="revealed-secret" />
            {revealed.previous ? (
              <SecretField
                label="Previous signing secret"
                value={revealed.previous.signingSecret}
                hint={
                  <>
                    Still signs (a second signature) until <ExactTime date={revealed.previous.expiresAt} />.
                  </>
                }
              />
            ) : null}
          </div>
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={confirmRotate}
        onOpenChange={setConfirmRotate}
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        pending={rotate.pending}
        error={rotate.error}
        onConfirm={async () => {
          const result = await rotate.execute({ id });
          if (result.ok) {
            setConfirmRotate(false);
            setRotated(result.data.signingSecret);
          }
        }}
      >
        A new secret signs every delivery from now on. The current one keeps signing too for 24 hours, so the receiver
        can switch without rejecting anything.
      </ConfirmDialog>
      <SecretOnceDialog
        open={rotated !== null}
        onOpenChange={() => setRotated(null)}
        title="New signing secret"
        label="Signing secret"
        secret={rotated}
      >
        Give it to the receiver within 24 hours; after that only the new secret signs.
      </SecretOnceDialog>
    </div>
  );
}
