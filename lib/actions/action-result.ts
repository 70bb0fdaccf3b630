import type { FieldErrors } from "../errors";

/**
 * What every dashboard server action answers. Errors are data, not throws: a thrown error in a
 * server action reaches the browser as an opaque digest, and forms need field errors to show
 * beside their inputs.
 */
export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: string; code: string; fieldErrors?: FieldErrors };

export function actionOk<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}
