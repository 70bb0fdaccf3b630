"use client";

import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { formMessage } from "@/lib/validation/field-errors";

/**
 * Calls a dashboard server action inside a transition and keeps its last result, so a form can
 * show `pending`, the error and the field errors without repeating the plumbing.
 */
export function useAction<I, R>(action: (input: I) => Promise<ActionResult<R>>) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<R> | null>(null);
  const execute = useCallback(
    (input: I) =>
      new Promise<ActionResult<R>>((resolve) => {
        startTransition(async () => {
          let outcome: ActionResult<R>;
          try {
            outcome = await action(input);
          } catch {
            // The action itself never throws; this is the network or the server going away.
            outcome = { ok: false, error: "The server could not be reached. Try again.", code: "network" };
          }
          setResult(outcome);
          resolve(outcome);
        });
      }),
    [action],
  );
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  const error = result && !result.ok ? result.error : null;
  /** The message for the form as a whole (formMessage): show it beside the buttons. */
  const formError = formMessage(error, fieldErrors);
  return { execute, pending, result, error, fieldErrors, formError, reset: () => setResult(null) };
}
