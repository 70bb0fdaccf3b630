// What an API key may call. Client-safe (the settings form lists these), so no server imports.
export const API_KEY_SCOPES = ["ingest", "manage"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A new key's scopes when none are chosen: sending events is what most keys are for. */
export const DEFAULT_API_KEY_SCOPES: readonly ApiKeyScope[] = ["ingest"];

export const API_KEY_SCOPE_LABELS: Record<ApiKeyScope, { title: string; grants: string }> = {
  ingest: { title: "Ingest", grants: "POST /api/v1/events: send activity events" },
  manage: {
    title: "Manage",
    grants: "The management API: destinations (and their secrets), deliveries, failed webhooks",
  },
};
