import { isUuid } from "../validation/ids";
import { pool } from "../db/client";
import { NotFoundError } from "../errors";
import {
  DESTINATION_COLUMNS,
  DESTINATION_FROM,
  toDestinationView,
  type DestinationRow,
  type DestinationView,
} from "./destination-view";

/** The stored row of one destination of this org (secrets still encrypted); another org's id is not found. */
export async function loadDestinationRow(orgId: string, id: string): Promise<DestinationRow> {
  if (!isUuid(id)) throw new NotFoundError("Destination");
  const { rows } = await pool().query<DestinationRow>(
    `SELECT ${DESTINATION_COLUMNS} FROM ${DESTINATION_FROM} WHERE w.id = $1 AND w.org_id = $2`,
    [id, orgId],
  );
  if (!rows[0]) throw new NotFoundError("Destination");
  return rows[0];
}

/** One destination with masked auth fields and a masked signing secret. */
export async function getDestination(orgId: string, id: string): Promise<DestinationView> {
  return toDestinationView(await loadDestinationRow(orgId, id));
}
