import "../validation/zod-in-browser";
import { createLoader } from "nuqs/server";
import { z } from "zod";
import { listUrlSpec, pagingParsers, pagingUrlKeys, parseAsSchema } from "../list/search-param-parsers";

// The audit log tab's URL spec (settings?tab=audit): one area filter and the shared paging keys.

export const auditSearchParams = {
  /** The action's prefix: `destination` lists `destination.*`. */
  area: parseAsSchema(z.string().regex(/^[a-z_]{1,40}$/)),
  ...pagingParsers,
};

export const loadAuditSearchParams = createLoader(auditSearchParams, { urlKeys: pagingUrlKeys });
/** The table's binding; `tab` is the settings page's own key, kept when the table writes the URL. */
export const auditListUrl = listUrlSpec(auditSearchParams, pagingUrlKeys);
