-- API keys carry scopes: `ingest` (POST /api/v1/events) and `manage` (the management API).
-- Keys that exist before this migration could do both, and deployments depend on that: they
-- keep both scopes (admins see them in Settings → API keys and can replace them with narrower
-- keys). A key created from now on gets `ingest` unless `manage` is chosen.
ALTER TABLE "api_keys" ADD COLUMN "scopes" text[] NOT NULL DEFAULT '{ingest,manage}';
ALTER TABLE "api_keys" ALTER COLUMN "scopes" SET DEFAULT '{ingest}';
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes_check"
    CHECK (cardinality("scopes") BETWEEN 1 AND 2 AND "scopes" <@ ARRAY['ingest', 'manage']::text[]);
