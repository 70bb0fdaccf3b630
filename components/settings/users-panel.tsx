"use client";

import { useState } from "react";
import {
  changeUserRoleAction,
  createUserAction,
  resetUserPasswordAction,
  setUserActiveAction,
} from "@/actions/settings";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, fieldControlProps } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { SecretOnceDialog } from "@/components/ui/secret-once";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import { useAction } from "@/hooks/use-action";
import { ROLES, type Role } from "@/lib/auth/roles";
import type { UserRow } from "@/lib/users/list-users";
import { SimpleTable } from "@/components/ui/simple-table";

const ROLE_HELP: Record<Role, string> = {
  admin: "everything, including users, API keys and failures",
  lead: "reads everything and manages destinations",
  viewer: "reads everything, changes nothing",
};

function CreateUserDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  onCreated: (email: string, password: string) => void;
}) {
  const { execute, pending, formError, fieldErrors, reset } = useAction(createUserAction);
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) reset();
        onOpenChange(o);
      }}
      title="Add a user"
      description="They sign in with the generated password shown next."
    >
      <form
        noValidate
        className="flex flex-col gap-3"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const result = await execute({
            email: String(form.get("email") ?? ""),
            name: String(form.get("name") ?? ""),
            role: String(form.get("role") ?? "viewer") as Role,
          });
          if (result.ok) {
            onOpenChange(false);
            onCreated(result.data.email, result.data.password);
          }
        }}
      >
        <Field id="new-user-email" label="Email" errors={fieldErrors?.email}>
          <Input
            name="email"
            type="email"
            autoComplete="off"
            required
            autoFocus
            {...fieldControlProps("new-user-email", fieldErrors?.email)}
          />
        </Field>
        <Field id="new-user-name" label="Name" errors={fieldErrors?.name}>
          <Input name="name" required {...fieldControlProps("new-user-name", fieldErrors?.name)} />
        </Field>
        <Field
          id="new-user-role"
          label="Role"
          errors={fieldErrors?.role}
          description="Viewers read; leads also manage destinations; admins do everything."
        >
          <Select name="role" defaultValue="viewer" {...fieldControlProps("new-user-role", fieldErrors?.role, true)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        {formError ? <Notice tone="error">{formError}</Notice> : null}
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" pending={pending}>
            Create user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function UserRowActions({
  user,
  currentUserId,
  denied,
}: {
  user: UserRow;
  currentUserId: string;
  denied: string | null;
}) {
  const toast = useToast();
  const role = useAction(changeUserRoleAction);
  const active = useAction(setUserActiveAction);
  const reset = useAction(resetUserPasswordAction);
  const [confirm, setConfirm] = useState<"deactivate" | "reset" | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const self = user.id === currentUserId;
  const selfReason = self ? "You cannot change your own account here" : null;
  return (
    <div className="flex items-center justify-end gap-1.5">
      <label className="sr-only" htmlFor={`role-${user.id}`}>
        Role of {user.email}
      </label>
      <Select
        id={`role-${user.id}`}
        value={user.role}
        disabled={Boolean(denied || selfReason) || role.pending}
        title={denied ?? selfReason ?? undefined}
        className="h-7 text-xs"
        onChange={async (e) => {
          const next = e.target.value as Role;
          const result = await role.execute({ userId: user.id, role: next });
          if (result.ok) toast.success(`${user.email} is now ${next}`);
          else toast.error(result.error);
        }}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
      <Button size="xs" disabledReason={denied ?? undefined} onClick={() => setConfirm("reset")}>
        Reset password
      </Button>
      {user.active ? (
        <Button
          size="xs"
          variant="ghost"
          className="text-red-700 dark:text-red-400"
          disabledReason={denied ?? selfReason ?? undefined}
          onClick={() => setConfirm("deactivate")}
        >
          Deactivate
        </Button>
      ) : (
        <Button
          size="xs"
          variant="ghost"
          disabledReason={denied ?? undefined}
          pending={active.pending}
          onClick={async () => {
            const result = await active.execute({ userId: user.id, active: true });
            if (result.ok) toast.success(`${user.email} can sign in again`);
            else toast.error(result.error);
          }}
        >
          Reactivate
        </Button>
      )}
      <ConfirmDialog
        open={confirm === "deactivate"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={`Deactivate ${user.email}?`}
        confirmLabel="Deactivate"
        destructive
        pending={active.pending}
        error={active.error}
        onConfirm={async () => {
          const result = await active.execute({ userId: user.id, active: false });
          if (result.ok) {
            setConfirm(null);
            toast.success(`${user.email} was deactivated`);
          }
        }}
      >
        They are signed out at once and cannot sign in until reactivated. Their audit history stays.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === "reset"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={`Reset the password of ${user.email}?`}
        confirmLabel="Generate new password"
        pending={reset.pending}
        error={reset.error}
        onConfirm={async () => {
          const result = await reset.execute({ userId: user.id });
          if (result.ok) {
            setConfirm(null);
            setPassword(result.data.password);
          }
        }}
      >
        Their current password stops working. You will see the new one once.
      </ConfirmDialog>
      <SecretOnceDialog
        open={password !== null}
        onOpenChange={() => setPassword(null)}
        title={`New password for ${user.email}`}
        label="Password"
        secret={password}
      />
    </div>
  );
}

export function UsersPanel({
  users,
  currentUserId,
  denied,
}: {
  users: UserRow[];
  currentUserId: string;
  denied: string | null;
}) {
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  return (
    <section aria-labelledby="users-heading" className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <div>
          <h2 id="users-heading" className="text-sm font-semibold">
            Users
          </h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            People who sign in to this dashboard.{" "}
            {denied ? <span className="font-medium">{denied}: you can look, not change.</span> : null}
          </p>
        </div>
        <Button variant="primary" disabledReason={denied ?? undefined} onClick={() => setCreating(true)}>
          Add user
        </Button>
      </div>
      <SimpleTable
        caption="Users of this organisation"
        columns={[
          { label: "Name" },
          { label: "Email" },
          { label: "Role" },
          { label: "Status" },
          { label: "Last sign-in" },
          { label: "Actions", align: "right", labelHidden: true },
        ]}
      >
        {users.map((u) => (
          <tr key={u.id} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="h-9 px-2 font-medium">
              {u.name} {u.id === currentUserId ? <span className="text-zinc-500 dark:text-zinc-400">(you)</span> : null}
            </td>
            <td className="px-2">{u.email}</td>
            <td className="px-2" title={ROLE_HELP[u.role]}>
              {u.role}
            </td>
            <td className="px-2">{u.active ? <Badge tone="green">active</Badge> : <Badge>deactivated</Badge>}</td>
            <td className="px-2">
              {u.lastLoginAt ? (
                <RelativeTime date={u.lastLoginAt} />
              ) : (
                <span className="text-zinc-500 dark:text-zinc-400">never</span>
              )}
            </td>
            <td className="px-2">
              <UserRowActions user={u} currentUserId={currentUserId} denied={denied} />
            </td>
          </tr>
        ))}
      </SimpleTable>
      <CreateUserDialog
        open={creating}
        onOpenChange={setCreating}
        onCreated={(email, password) => setCreated({ email, password })}
      />
      <SecretOnceDialog
        open={created !== null}
        onOpenChange={() => setCreated(null)}
        title={`Password for ${created?.email ?? ""}`}
        label="Password"
        secret={created?.password ?? null}
      >
        Hand it to them over a channel you trust; they can sign in at once.
      </SecretOnceDialog>
    </section>
  );
}
