"use client";

import { useState } from "react";
import { createApiKeyAction, revokeApiKeyAction } from "@/actions/settings";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Checkbox, Field, Input, fieldControlProps } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { SecretOnceDialog } from "@/components/ui/secret-once";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import { useAction } from "@/hooks/use-action";
import {
  API_KEY_SCOPE_LABELS,
  API_KEY_SCOPES,
  DEFAULT_API_KEY_SCOPES,
  type ApiKeyScope,
} from "@/lib/api-keys/api-key-scopes";
import type { ApiKeyRow } from "@/lib/api-keys/manage-api-keys";
import { SimpleTable } from "@/components/ui/simple-table";

function RevokeButton({ apiKey, denied }: { apiKey: ApiKeyRow; denied: string | null }) {
  const [open, setOpen] = useState(false);
  const revoke = useAction(revokeApiKeyAction);
  const toast = useToast();
  return (
    <>
      <Button
        size="xs"
        variant="ghost"
        className="text-red-700 dark:text-red-400"
        disabledReason={denied ?? undefined}
        onClick={() => setOpen(true)}
      >
        Revoke
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Revoke "${apiKey.name}"?`}
        confirmLabel="Revoke key"
        destructive
        pending={revoke.pending}
        error={revoke.error}
        onConfirm={async () => {
          const result = await revoke.execute({ keyId: apiKey.id });
          if (result.ok) {
            setOpen(false);
            toast.success(`Key ${apiKey.prefix}… revoked`);
          }
        }}
      >
        Requests with the key <code className="font-mono">{apiKey.prefix}…</code> are refused from now on (401). This
        cannot be undone; create a new key to replace it.
      </ConfirmDialog>
    </>
  );
}

export function ApiKeysPanel({ keys, denied }: { keys: ApiKeyRow[]; denied: string | null }) {
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const create = useAction(createApiKeyAction);
  return (
    <section aria-labelledby="keys-heading" className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <div>
          <h2 id="keys-heading" className="text-sm font-semibold">
            API keys
          </h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Bearer keys for the API: <code className="font-mono">ingest</code> sends events (
            <code className="font-mono">POST /api/v1/events</code>), <code className="font-mono">manage</code> runs the
            management API. Only a hash is stored. {denied ? <span className="font-medium">{denied}.</span> : null}
          </p>
        </div>
        <Button variant="primary" disabledReason={denied ?? undefined} onClick={() => setCreating(true)}>
          Create key
        </Button>
      </div>
      {keys.length === 0 ? (
        <EmptyState title="No API keys yet">Create one to send events to the ingest API.</EmptyState>
      ) : (
        <SimpleTable
          caption="API keys"
          columns={[
            { label: "Name" },
            { label: "Key" },
            { label: "Scopes" },
            { label: "Created" },
            { label: "Last used" },
            { label: "Status" },
            { label: "Actions", align: "right", labelHidden: true },
          ]}
        >
          {keys.map((k) => (
            <tr key={k.id} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="h-9 px-2 font-medium">{k.name}</td>
              <td className="px-2 font-mono">{k.prefix}…</td>
              <td className="px-2">
                <span className="flex flex-wrap gap-1">
                  {k.scopes.map((scope) => (
                    <Badge key={scope} tone={scope === "manage" ? "amber" : "neutral"}>
                      {scope}
                    </Badge>
                  ))}
                </span>
              </td>
              <td className="px-2">
                <RelativeTime date={k.createdAt} />{" "}
                {k.createdBy ? <span className="text-zinc-500 dark:text-zinc-400">by {k.createdBy}</span> : null}
              </td>
              <td className="px-2">
                {k.lastUsedAt ? (
                  <RelativeTime date={k.lastUsedAt} />
                ) : (
                  <span className="text-zinc-500 dark:text-zinc-400">never</span>
                )}
              </td>
              <td className="px-2">
                {k.revokedAt ? <Badge tone="red">revoked</Badge> : <Badge tone="green">active</Badge>}
              </td>
              <td className="px-2 text-right">{k.revokedAt ? null : <RevokeButton apiKey={k} denied={denied} />}</td>
            </tr>
          ))}
        </SimpleTable>
      )}
      <Dialog
        open={creating}
        onOpenChange={(o) => {
          if (!o) create.reset();
          setCreating(o);
        }}
        title="Create an API key"
      >
        <form
          noValidate
          className="flex flex-col gap-3"
          onSubmit={async (event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const result = await create.execute({
              name: String(form.get("name") ?? ""),
              scopes: form.getAll("scopes").map(String) as ApiKeyScope[],
            });
            if (result.ok) {
              setCreating(false);
              setCreated({ name: result.data.name, key: result.data.key });
            }
          }}
        >
          <Field
            id="new-key-name"
            label="Name"
            description="What uses it, e.g. “Production backend”."
            errors={create.fieldErrors?.name}
          >
            <Input
              name="name"
              required
              autoFocus
              maxLength={100}
              {...fieldControlProps("new-key-name", create.fieldErrors?.name, true)}
            />
          </Field>
          <fieldset
            className="flex flex-col gap-1.5"
            aria-describedby={create.fieldErrors?.scopes?.length ? "new-key-scopes-error" : undefined}
          >
            <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">Scopes</legend>
            {API_KEY_SCOPES.map((scope) => (
              <label key={scope} className="flex items-start gap-2 text-xs">
                <Checkbox
                  name="scopes"
                  value={scope}
                  defaultChecked={DEFAULT_API_KEY_SCOPES.includes(scope)}
                  className="mt-0.5"
                />
                <span>
                  <span className="font-medium">{API_KEY_SCOPE_LABELS[scope].title}</span>{" "}
                  <span className="text-zinc-500 dark:text-zinc-400">— {API_KEY_SCOPE_LABELS[scope].grants}</span>
                </span>
              </label>
            ))}
            {create.fieldErrors?.scopes?.length ? (
              <p id="new-key-scopes-error" role="alert" className="text-xs text-red-600 dark:text-red-400">
                {create.fieldErrors.scopes.join(" ")}
              </p>
            ) : null}
          </fieldset>
          {create.formError ? <Notice tone="error">{create.formError}</Notice> : null}
          <div className="flex justify-end gap-2">
            <Button onClick={() => setCreating(false)}>Cancel</Button>
            <Button type="submit" variant="primary" pending={create.pending}>
              Create key
            </Button>
          </div>
        </form>
      </Dialog>
      <SecretOnceDialog
        open={created !== null}
        onOpenChange={() => setCreated(null)}
        title={`API key "${created?.name ?? ""}"`}
        label="API key"
        secret={created?.key ?? null}
      >
        Send it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>.
      </SecretOnceDialog>
    </section>
  );
}
