import { recordAudit, type AuditActor } from "../audit/record-audit";
import { lockEncryptionKey } from "../crypto/verify-encryption-key";
import type { Prisma } from "../db/generated/prisma/client";
import { withTransaction } from "../db/transaction";
import { NotFoundError, ValidationError } from "../errors";
import { destinationUpdateSchema } from "./destination-input";
import { authConfigOf, type DestinationView } from "./destination-view";
import { getDestination, loadDestinationRow } from "./get-destination";
import { jsonColumn } from "./json-column";
import { mergeAuthConfig, SECRET_INPUT_FIELD } from "./stored-auth-config";
import { changesOrigin } from "./url-origin";
import { assertUrlAllowedForSave, parseDestinationInput } from "./validate-destination";
import { writeEventFilter } from "./write-event-filter";

// The receiver's credentials (auth_config) were given for one origin and are asked for again when
// the URL leaves it. The signing secret is not: it is ours, generated for this destination, and
// proves to whichever receiver gets the request that Hookline sent it; it authenticates nobody
// to the receiver, so a new host learning it gains nothing the old one had.
const REENTER_SECRET = "The URL now points at another host: enter the secret again to send it there";

// The fields an update may change, besides auth (merged with the stored secrets below).
const FIELDS = [
  "name",
  "url",
  "eventTypes",
  "eventFilter",
  "enabled",
  "batchSize",
  "timeoutMs",
  "retryMax",
  "retryBackoffMs",
] as const;

/**
 * Changes the fields present in `input` (destinationUpdateSchema); omitted fields and empty
 * secret fields keep their stored values. Another org's id → NotFoundError. The update and
 * its audit entry commit together.
 */
export async function updateDestination(
  orgId: string,
  id: string,
  input: unknown,
  actor: AuditActor,
): Promise<DestinationView> {
  const values = parseDestinationInput(destinationUpdateSchema, input);
  const current = await loadDestinationRow(orgId, id);
  if (values.url !== undefined && values.url !== current.url) await assertUrlAllowedForSave(values.url);
  const data: Prisma.WebhookDestinationUpdateManyMutationInput = {};
  const changed: string[] = [];
  for (const key of FIELDS) {
    if (values[key] === undefined) continue;
    // The event filter is written by writeEventFilter, in the same transaction.
    if (key !== "eventFilter") Object.assign(data, { [key]: values[key] });
    changed.push(key);
  }
  const newOrigin = values.url !== undefined && changesOrigin(current.url, values.url);
  const storedSecretType = current.authType as keyof typeof SECRET_INPUT_FIELD;
  if (newOrigin && !values.auth && storedSecretType in SECRET_INPUT_FIELD)
    throw new ValidationError("Check the highlighted fields", {
      [SECRET_INPUT_FIELD[storedSecretType]]: [REENTER_SECRET],
    });
  if (values.auth) {
    const merged = mergeAuthConfig(values.auth, current.authType, authConfigOf(current), { mayKeepSecret: !newOrigin });
    if (merged.missing)
      throw new ValidationError("Check the highlighted fields", {
        [merged.missing]: [newOrigin ? REENTER_SECRET : "Enter a value (there is no stored one to keep)"],
      });
    data.authType = values.auth.type;
    data.authConfig = jsonColumn(merged.config);
    changed.push("auth");
  }
  if (changed.length) {
    await withTransaction(async (tx) => {
      // Credentials written (new or kept) are under this process's key: it must be the database's.
      if (values.auth) await lockEncryptionKey(tx);
      const { count } = await tx.webhookDestination.updateMany({
        where: { id, orgId },
        data: { ...data, updatedAt: new Date() },
      });
      // Deleted since it was loaded: nothing changed, nothing to audit.
      if (count === 0) throw new NotFoundError("Destination");
      if (values.eventFilter !== undefined) await writeEventFilter(tx, id, values.eventFilter);
      await recordAudit(
        { orgId, actor, action: "destination.updated", targetType: "destination", targetId: id, details: { changed } },
        tx,
      );
    });
  }
  return getDestination(orgId, id);
}
