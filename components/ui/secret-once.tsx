"use client";

import { Button } from "./button";
import { Dialog } from "./dialog";
import { SecretField } from "./secret-field";

/**
 * A secret shown exactly once (a new API key, a generated password, a signing secret): the
 * product keeps only a hash or ciphertext, so closing this is the last chance to copy it.
 * `label` names the value ("API key", "Password", "Signing secret") for its field and copy button.
 */
export function SecretOnceDialog({
  open,
  onOpenChange,
  title,
  label,
  secret,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  label: string;
  secret: string | null;
  children?: React.ReactNode;
}) {
  return (
    <Dialog
      open={open && secret !== null}
      onOpenChange={onOpenChange}
      title={title}
      description="Copy it now: it will not be shown again."
    >
      <div className="flex flex-col gap-3">
        {children ? <div className="text-xs text-zinc-600 dark:text-zinc-400">{children}</div> : null}
        <SecretField label={label} value={secret ?? ""} testId="secret-value" />
        <div className="flex justify-end">
          <Button variant="primary" onClick={() => onOpenChange(false)}>
            I have copied it
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
