"use client";

import { CopyButton } from "./copy-button";
import { Dialog } from "./dialog";
import { Button } from "./button";

/**
 * A secret shown exactly once (a new API key, a generated password, a signing secret): the
 * product keeps only a hash or ciphertext, so closing this is the last chance to copy it.
 */
export function SecretOnceDialog({ open, onOpenChange, title, secret, children }: { open: boolean; onOpenChange: (open: boolean) => void; title: string; secret: string | null; children?: React.ReactNode }) {
  return (
    <Dialog open={open && secret !== null} onOpenChange={onOpenChange} title={title} description="Copy it now: it will not be shown again.">
      <div className="flex flex-col gap-3">
        {children ? <div className="text-xs text-zinc-600 dark:text-zinc-400">{children}</div> : null}
        <div className="flex items-center gap-2">
          <code data-testid="secret-value" className="min-w-0 flex-1 select-all break-all rounded-md border border-zinc-200 bg-zinc-50 px-2 py-1.5 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-950">
            {secret}
          </code>
          <CopyButton value={secret ?? ""} label="Copy secret" />
        </div>
        <div className="flex justify-end">
          <Button variant="primary" onClick={() => onOpenChange(false)}>
            I have copied it
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
