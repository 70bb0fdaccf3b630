"use client";

import "@/lib/validation/zod-in-browser";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createDestinationAction, updateDestinationAction } from "@/actions/destinations";
import { Button } from "@/components/ui/button";
import { Checkbox, Field, Input, Select, fieldControlProps } from "@/components/ui/input";
import { SecretOnceDialog } from "@/components/ui/secret-once";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import { useAction } from "@/hooks/use-action";
import {
  DESTINATION_LIMITS,
  destinationInputSchema,
  destinationUpdateSchema,
  type AuthType,
} from "@/lib/destinations/destination-input";
import type { DestinationView } from "@/lib/destinations/destination-view";
import { changesOrigin } from "@/lib/destinations/url-origin";
import type { FieldErrors } from "@/lib/errors";
import { FORM_ERRORS_KEY, formMessage, zodFieldErrors } from "@/lib/validation/field-errors";
import { EventFilterEditor } from "./event-filter-editor";
import { EventTypesInput } from "./event-types-input";

interface FormValues {
  name: string;
  url: string;
  authType: AuthType;
  username: string;
  password: string;
  token: string;
  headerName: string;
  headerValue: string;
  eventTypes: string[];
  eventFilterText: string;
  enabled: boolean;
  batchSize: string;
  timeoutMs: string;
  retryMax: string;
  retryBackoffMs: string;
}

function initialValues(d?: DestinationView): FormValues {
  return {
    name: d?.name ?? "",
    url: d?.url ?? "",
    authType: d?.authType ?? "none",
    username: d?.auth.type === "basic" ? d.auth.username : "",
    password: "",
    token: "",
    headerName: d?.auth.type === "header" ? d.auth.name : "",
    headerValue: "",
    eventTypes: d?.eventTypes ?? [],
    eventFilterText: d?.eventFilter ? JSON.stringify(d.eventFilter, null, 2) : "",
    enabled: d?.enabled ?? true,
    batchSize: String(d?.batchSize ?? DESTINATION_LIMITS.batchSize.default),
    timeoutMs: String(d?.timeoutMs ?? DESTINATION_LIMITS.timeoutMs.default),
    retryMax: String(d?.retryMax ?? DESTINATION_LIMITS.retryMax.default),
    retryBackoffMs: String(d?.retryBackoffMs ?? DESTINATION_LIMITS.retryBackoffMs.default),
  };
}

/** The form's values as the schemas and actions take them (secrets left empty are omitted: "keep"). */
function toInput(v: FormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {
    name: v.name,
    url: v.url,
    authType: v.authType,
    eventTypes: v.eventTypes,
    // As text: React's action decoder drops "__proto__" keys from objects, which would widen
    // a filter on such a key to {} (match everything); the server parses the text itself.
    eventFilterText: v.eventFilterText,
    enabled: v.enabled,
    batchSize: v.batchSize,
    timeoutMs: v.timeoutMs,
    retryMax: v.retryMax,
    retryBackoffMs: v.retryBackoffMs,
  };
  if (v.authType === "basic")
    Object.assign(input, { username: v.username, ...(v.password ? { password: v.password } : {}) });
  if (v.authType === "bearer" && v.token) input.token = v.token;
  if (v.authType === "header")
    Object.assign(input, { headerName: v.headerName, ...(v.headerValue ? { headerValue: v.headerValue } : {}) });
  return input;
}

function clientErrors(v: FormValues, editing: boolean): FieldErrors {
  const result = (editing ? destinationUpdateSchema : destinationInputSchema).safeParse(toInput(v));
  return result.success ? {} : zodFieldErrors(result.error);
}

function seconds(ms: string): string {
  const n = Number(ms);
  if (!Number.isFinite(n)) return "";
  return n >= 60_000 ? `${(n / 60_000).toFixed(n % 60_000 ? 1 : 0)} min` : `${n / 1000} s`;
}

const AUTH_HELP: Record<AuthType, string> = {
  none: "Requests carry only the signature headers.",
  basic: "Sent as Authorization: Basic …",
  bearer: "Sent as Authorization: Bearer <token>.",
  header: "A header of your choice, e.g. X-Api-Key.",
};

/**
 * Create and edit a destination. Validates as you type with the same schema the server applies;
 * the server's own errors (the address check after DNS, a stored secret missing) appear beside
 * their fields too. Secrets are never sent to the browser, so on edit an empty secret field
 * means "keep the stored one".
 */
export function DestinationForm({
  destination,
  eventTypeSuggestions,
  denied,
}: {
  destination?: DestinationView;
  eventTypeSuggestions: string[];
  denied?: string | null;
}) {
  const router = useRouter();
  const toast = useToast();
  const editing = Boolean(destination);
  const [values, setValues] = useState<FormValues>(() => initialValues(destination));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const create = useAction(createDestinationAction);
  const update = useAction(updateDestinationAction);
  const pending = create.pending || update.pending;
  const formError = (
    create.result && !create.result.ok ? create.result : update.result && !update.result.ok ? update.result : null
  )?.error;

  const local = clientErrors(values, editing);
  const errorsFor = (field: string): string[] | undefined => {
    const mine = submitted || touched.has(field) ? local[field] : undefined;
    const theirs = serverErrors[field];
    const all = [...(mine ?? []), ...(theirs ?? [])];
    return all.length ? [...new Set(all)] : undefined;
  };
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // A server error is about the value that was sent; editing the field retires it.
    const field = key === "eventFilterText" ? "eventFilter" : key;
    if (serverErrors[field]) setServerErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const touch = (field: string) => () => setTouched((t) => new Set(t).add(field));

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(local).length) {
      document.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
      return;
    }
    const input = toInput(values);
    const result = editing ? await update.execute({ id: destination!.id, values: input }) : await create.execute(input);
    if (!result.ok) {
      setServerErrors(result.fieldErrors ?? {});
      setTimeout(() => document.querySelector<HTMLElement>("[aria-invalid=true]")?.focus(), 0);
      return;
    }
    setServerErrors({});
    if (editing) {
      toast.success("Saved");
      router.refresh();
    } else {
      const data = result.data as { id: string; signingSecret: string };
      setCreated({ id: data.id, secret: data.signingSecret });
    }
  }

  const number = (key: "batchSize" | "timeoutMs" | "retryMax" | "retryBackoffMs", label: string, help: string) => {
    const limits = DESTINATION_LIMITS[key];
    const id = `destination-${key}`;
    return (
      <Field id={id} label={label} description={help} errors={errorsFor(key)} reserveErrorSpace>
        <Input
          type="number"
          inputMode="numeric"
          min={limits.min}
          max={limits.max}
          value={values[key]}
          onChange={(e) => set(key, e.target.value)}
          onBlur={touch(key)}
          {...fieldControlProps(id, errorsFor(key), true)}
        />
      </Field>
    );
  };
  // A stored secret goes only to the origin it was given for (update-destination.ts).
  const movedOrigin = editing && values.url !== destination!.url && changesOrigin(destination!.url, values.url);
  const stored = (masked: string | undefined) =>
    editing && masked
      ? movedOrigin
        ? "The URL points at another host now: enter the secret again"
        : `Stored (${masked}): leave empty to keep`
      : undefined;
  // Whole-form issues (FORM_ERRORS_KEY) have no field to sit beside: they are the form's message.
  const formNote =
    formMessage(formError ?? null, serverErrors) ??
    (submitted && Object.keys(local).length
      ? (local[FORM_ERRORS_KEY]?.join(" ") ?? "Check the highlighted fields.")
      : null);

  // Layout: every field keeps an (empty) error line, and the columns are wide enough for the
  // messages to fit on it (the URL's address-check message gets the full width), so errors
  // appearing after a submit leave the submit button where the pointer is. The form-level
  // message sits beside the buttons, not above them, for the same reason.
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex max-w-3xl flex-col gap-5"
      aria-describedby={denied ? "form-denied" : undefined}
    >
      {denied ? (
        <Notice tone="info">
          <span id="form-denied">{denied}: the settings are read-only for you.</span>
        </Notice>
      ) : null}
      <fieldset disabled={Boolean(denied) || pending} className="flex flex-col gap-5">
        <section className="grid gap-3 sm:grid-cols-2">
          <Field id="destination-name" label="Name" errors={errorsFor("name")} reserveErrorSpace>
            <Input
              value={values.name}
              maxLength={100}
              onChange={(e) => set("name", e.target.value)}
              onBlur={touch("name")}
              autoFocus={!editing}
              {...fieldControlProps("destination-name", errorsFor("name"))}
            />
          </Field>
          <Field
            id="destination-url"
            label="URL"
            description="http(s) only; private and loopback addresses are refused."
            errors={errorsFor("url")}
            reserveErrorSpace
            className="sm:col-span-2"
          >
            <Input
              type="url"
              value={values.url}
              placeholder="https://example.com/webhooks"
              onChange={(e) => set("url", e.target.value)}
              onBlur={touch("url")}
              {...fieldControlProps("destination-url", errorsFor("url"), true)}
            />
          </Field>
        </section>

        <section className="flex flex-col gap-3">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            Authentication
          </h2>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              id="destination-authType"
              label="Auth type"
              description={AUTH_HELP[values.authType]}
              errors={errorsFor("authType")}
              reserveErrorSpace
              className="sm:col-span-2 sm:max-w-[calc(50%-0.375rem)]"
            >
              <Select
                value={values.authType}
                onChange={(e) => set("authType", e.target.value as AuthType)}
                {...fieldControlProps("destination-authType", errorsFor("authType"), true)}
              >
                <option value="none">None</option>
                <option value="basic">Basic</option>
                <option value="bearer">Bearer token</option>
                <option value="header">Custom header</option>
              </Select>
            </Field>
            {values.authType === "basic" ? (
              <>
                <Field id="destination-username" label="Username" errors={errorsFor("username")} reserveErrorSpace>
                  <Input
                    value={values.username}
                    autoComplete="off"
                    onChange={(e) => set("username", e.target.value)}
                    onBlur={touch("username")}
                    {...fieldControlProps("destination-username", errorsFor("username"))}
                  />
                </Field>
                <Field id="destination-password" label="Password" errors={errorsFor("password")} reserveErrorSpace>
                  <Input
                    type="password"
                    autoComplete="new-password"
                    value={values.password}
                    placeholder={stored(
                      destination?.auth.type === "basic" ? destination.auth.passwordMasked : undefined,
                    )}
                    onChange={(e) => set("password", e.target.value)}
                    onBlur={touch("password")}
                    {...fieldControlProps("destination-password", errorsFor("password"))}
                  />
                </Field>
              </>
            ) : null}
            {values.authType === "bearer" ? (
              <Field
                id="destination-token"
                label="Token"
                errors={errorsFor("token")}
                reserveErrorSpace
                className="sm:col-span-2"
              >
                <Input
                  type="password"
                  autoComplete="off"
                  value={values.token}
                  placeholder={stored(destination?.auth.type === "bearer" ? destination.auth.tokenMasked : undefined)}
                  onChange={(e) => set("token", e.target.value)}
                  onBlur={touch("token")}
                  {...fieldControlProps("destination-token", errorsFor("token"))}
                />
              </Field>
            ) : null}
            {values.authType === "header" ? (
              <>
                <Field
                  id="destination-headerName"
                  label="Header name"
                  errors={errorsFor("headerName")}
                  reserveErrorSpace
                >
                  <Input
                    value={values.headerName}
                    placeholder="X-Api-Key"
                    autoComplete="off"
                    onChange={(e) => set("headerName", e.target.value)}
                    onBlur={touch("headerName")}
                    {...fieldControlProps("destination-headerName", errorsFor("headerName"))}
                  />
                </Field>
                <Field
                  id="destination-headerValue"
                  label="Header value"
                  errors={errorsFor("headerValue")}
                  reserveErrorSpace
                >
                  <Input
                    type="password"
                    autoComplete="off"
                    value={values.headerValue}
                    placeholder={stored(destination?.auth.type === "header" ? destination.auth.valueMasked : undefined)}
                    onChange={(e) => set("headerValue", e.target.value)}
                    onBlur={touch("headerValue")}
                    {...fieldControlProps("destination-headerValue", errorsFor("headerValue"))}
                  />
                </Field>
              </>
            ) : null}
          </div>
        </section>

        <section className="flex flex-col gap-3">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            What it receives
          </h2>
          <Field
            id="destination-eventTypes"
            label="Event types"
            description="Empty means every event type. Pick from the types seen so far or type your own."
            errors={errorsFor("eventTypes")}
            reserveErrorSpace
          >
            <EventTypesInput
              id="destination-eventTypes"
              value={values.eventTypes}
              onChange={(next) => set("eventTypes", next)}
              suggestions={eventTypeSuggestions}
              invalid={Boolean(errorsFor("eventTypes"))}
              describedBy={
                fieldControlProps("destination-eventTypes", errorsFor("eventTypes"), true)["aria-describedby"]
              }
            />
          </Field>
          <div className="flex flex-col gap-1">
            <label htmlFor="destination-eventFilter" className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
              Event filter (JSON)
            </label>
            <EventFilterEditor
              id="destination-eventFilter"
              text={values.eventFilterText}
              onChange={(t) => set("eventFilterText", t)}
              eventTypes={values.eventTypes}
              serverErrors={serverErrors.eventFilter}
            />
          </div>
        </section>

        <section className="flex flex-col gap-3">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">Delivery</h2>
          <div className="grid gap-3 sm:grid-cols-2">
            {number(
              "batchSize",
              "Batch size",
              `Events per request, ${DESTINATION_LIMITS.batchSize.min}–${DESTINATION_LIMITS.batchSize.max}.`,
            )}
            {number(
              "timeoutMs",
              "Timeout (ms)",
              `${seconds(values.timeoutMs)}; ${DESTINATION_LIMITS.timeoutMs.min}–${DESTINATION_LIMITS.timeoutMs.max}.`,
            )}
            {number(
              "retryMax",
              "Retry max",
              `Attempts before dead, ${DESTINATION_LIMITS.retryMax.min}–${DESTINATION_LIMITS.retryMax.max}.`,
            )}
            {number("retryBackoffMs", "Backoff (ms)", `${seconds(values.retryBackoffMs)} first, doubling each retry.`)}
          </div>
          <label className="flex items-center gap-2 text-sm">
            <Checkbox checked={values.enabled} onChange={(e) => set("enabled", e.target.checked)} />
            Enabled: new events fan out to it and its deliveries are sent
          </label>
        </section>
      </fieldset>

      <div className="flex items-start gap-3">
        <div className="flex shrink-0 gap-2">
          <Button type="submit" variant="primary" size="md" pending={pending} disabledReason={denied ?? undefined}>
            {editing ? "Save changes" : "Create destination"}
          </Button>
          {!editing ? (
            <Button size="md" onClick={() => router.push("/destinations")}>
              Cancel
            </Button>
          ) : null}
        </div>
        <div className="min-w-0 flex-1">{formNote ? <Notice tone="error">{formNote}</Notice> : null}</div>
      </div>
      <SecretOnceDialog
        open={created !== null}
        onOpenChange={() => {
          if (created) router.push(`/destinations/${created.id}`);
          setCreated(null);
        }}
        title="Destination created: its signing secret"
        label="Signing secret"
        secret={created?.secret ?? null}
      >
        Receivers verify the <code className="font-mono">webhook-signature</code> header with this secret (Standard
        Webhooks). Admins can reveal it later; anyone who manages destinations can rotate it.
      </SecretOnceDialog>
    </form>
  );
}
