import type { Prisma } from "../db/generated/prisma/client";
import type { ApiKeyScope } from "./api-key-scopes";

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  /** What the key may call: `ingest` (POST /api/v1/events), `manage` (the management API). */
  scopes: ApiKeyScope[];
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** What an ApiKeyRow is made from (never the key's hash). */
export const API_KEY_ROW_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  creator: { select: { email: true } },
} as const satisfies Prisma.ApiKeySelect;

type SelectedKey = Prisma.ApiKeyGetPayload<{ select: typeof API_KEY_ROW_SELECT }>;

export function toApiKeyRow({ creator, ...key }: SelectedKey): ApiKeyRow {
  // scopes is CHECKed in the migration to hold only the known scopes.
  return { ...key, scopes: key.scopes as ApiKeyScope[], createdBy: creator?.email ?? null };
}
