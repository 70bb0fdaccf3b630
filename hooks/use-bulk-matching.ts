"use client";

import { useState } from "react";
import { useToast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/action-result";
import { formatCount } from "@/lib/format/numbers";

export type BulkScope = "selected" | "matching";

/** A confirmed-to-be bulk action: which one, on what, and how many rows it should change. */
export interface BulkRequest<K extends string> {
  kind: K;
  scope: BulkScope;
  expected: number;
}

/**
 * One bulk action of a table (retry, cancel, discard…): how it reads the table's count answer,
 * what its buttons and confirmation say, and how its result is told. Tables differ only in these.
 */
export interface BulkKind<C, R> {
  /** "Retry all…": the button that counts everything matching the filter first. */
  allLabel: string;
  /** "Retry selected": the button in the selection bar. */
  selectedLabel: string;
  /** Rows among those matching that this action would change, from the count action's answer. */
  targets: (counts: C) => number;
  /** Said (as info) instead of confirming when none would change. */
  nothingToDo: string;
  title: string;
  /** The confirm button: `${confirmVerb} ${count}`. */
  confirmVerb: string;
  destructive?: boolean;
  /** The confirmation's question, e.g. "Retry all 1,234 failed or dead deliveries matching the filter?" */
  question: (scope: BulkScope, count: string, matchingLabel: string) => string;
  /** What happens to the rows, after the question. */
  consequence: string;
  describeResult: (result: R) => string;
}

export type BulkKinds<K extends string, C, R> = Record<K, BulkKind<C, R>>;

/** The words for "everything matching": the filter when there is one, else the whole organisation. */
export function matchingLabelFor(filterQuery: string): string {
  return filterQuery ? "matching the filter" : "in this organisation";
}

/** What "Retry all…" does with the count answer: confirm with the count, or say why not. */
export function matchingOutcome<K extends string, C>(
  kind: K,
  result: ActionResult<C>,
  spec: Pick<BulkKind<C, unknown>, "targets" | "nothingToDo">,
): { request: BulkRequest<K> } | { toast: "error" | "info"; message: string } {
  if (!result.ok) return { toast: "error", message: result.error };
  const expected = spec.targets(result.data);
  if (expected === 0) return { toast: "info", message: spec.nothingToDo };
  return { request: { kind, scope: "matching", expected } };
}

/** What the bulk route is sent: the selected ids, or the filter to run it on everything matching. */
export function bulkRequestBody(
  scope: BulkScope,
  selectedIds: string[],
  filterQuery: string,
): { ids: string[] } | { query: string } {
  return scope === "selected" ? { ids: selectedIds } : { query: filterQuery };
}

/** The confirmation's text and button for a request. */
export function bulkConfirmation<C, R>(
  spec: BulkKind<C, R>,
  request: BulkRequest<string>,
  filterQuery: string,
): { message: string; confirmLabel: string } {
  const count = formatCount(request.expected);
  return {
    message: `${spec.question(request.scope, count, matchingLabelFor(filterQuery))} ${spec.consequence}`,
    confirmLabel: `${spec.confirmVerb} ${count}`,
  };
}

/**
 * The deliveries and failures tables' bulk actions: on the selection, or on everything matching
 * the filter — which is counted first (a server action), so the confirmation can state how many
 * rows change; the dialog then streams the work with progress (BulkMatchingDialog).
 */
export function useBulkMatching<K extends string, C, R>({
  kinds,
  countTargets,
  filterQuery,
}: {
  kinds: BulkKinds<K, C, R>;
  countTargets: (input: { query: string }) => Promise<ActionResult<C>>;
  filterQuery: string;
}) {
  const toast = useToast();
  const [request, setRequest] = useState<BulkRequest<K> | null>(null);
  const [counting, setCounting] = useState<K | null>(null);

  async function openMatching(kind: K) {
    setCounting(kind);
    const result = await countTargets({ query: filterQuery });
    setCounting(null);
    const outcome = matchingOutcome(kind, result, kinds[kind]);
    if ("request" in outcome) setRequest(outcome.request);
    else if (outcome.toast === "error") toast.error(outcome.message);
    else toast.info(outcome.message);
  }

  return {
    kinds,
    filterQuery,
    matchingLabel: matchingLabelFor(filterQuery),
    request,
    counting,
    openMatching,
    openSelected: (kind: K, count: number) => setRequest({ kind, scope: "selected", expected: count }),
    close: () => setRequest(null),
  };
}

export type BulkMatching<K extends string, C, R> = ReturnType<typeof useBulkMatching<K, C, R>>;
