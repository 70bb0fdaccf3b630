import type { DestinationListItem } from "../destinations/list-destinations";
import type { DestinationView, MaskedAuth } from "../destinations/destination-view";

// The management API's view of a destination: the table's own column names (snake_case), the
// auth config in the shape it is stored with its secrets masked. The dashboard keeps the
// camelCase DestinationView; only this transport layer speaks snake_case.

export type ApiMaskedAuthConfig =
  | null
  | { username: string; password_masked: string }
  | { token_masked: string }
  | { name: string; value_masked: string };

function maskedAuthConfig(auth: MaskedAuth): ApiMaskedAuthConfig {
  switch (auth.type) {
    case "basic":
      return { username: auth.username, password_masked: auth.passwordMasked };
    case "bearer":
      return { token_masked: auth.tokenMasked };
    case "header":
      return { name: auth.name, value_masked: auth.valueMasked };
    default:
      return null;
  }
}

export function presentDestination(view: DestinationView) {
  return {
    id: view.id,
    name: view.name,
    url: view.url,
    auth_type: view.authType,
    auth_config: maskedAuthConfig(view.auth),
    event_types: view.eventTypes,
    event_filter: view.eventFilter,
    enabled: view.enabled,
    batch_size: view.batchSize,
    timeout_ms: view.timeoutMs,
    retry_max: view.retryMax,
    retry_backoff_ms: view.retryBackoffMs,
    signing_secret_masked: view.signingSecretMasked,
    previous_secret_expires_at: view.previousSecretExpiresAt,
    created_by: view.createdBy,
    created_at: view.createdAt,
    updated_at: view.updatedAt,
  };
}

export function presentDestinationWithHealth(item: DestinationListItem) {
  return {
    ...presentDestination(item),
    attempts_24h: item.attempts24h,
    success_rate_24h: item.successRate24h,
    p95_response_ms_24h: item.p95ResponseMs24h,
    hourly: item.hourly.map((h) => ({ hour: h.hour, succeeded: h.succeeded, failed: h.failed })),
    last_failure: item.lastFailure ? { at: item.lastFailure.at, error: item.lastFailure.error } : null,
  };
}
