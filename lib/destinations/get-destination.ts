import { isUuid } from "../validation/ids";
import { db } from "../db/client";
import { NotFoundError } from "../errors";
import { DESTINATION_SELECT, toDestinationView, type DestinationRow, type DestinationView } from "./destination-view";

/** The stored row of one destination of this org (secrets still encrypted); another org's id is not found. */
export async function loadDestinationRow(orgId: string, id: string): Promise<DestinationRow> {
  if (!isUuid(id)) throw new NotFoundError("Destination");
  const row = await db.webhookDestination.findFirst({ where: { id, orgId }, select: DESTINATION_SELECT });
  if (!row) throw new NotFoundError("Destination");
  return row;
}

/** One destination with masked auth fields and a masked signing secret. */
export async function getDestination(orgId: string, id: string): Promise<DestinationView> {
  return toDestinationView(await loadDestinationRow(orgId, id));
}
