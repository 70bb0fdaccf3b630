-- Indexes for the deliveries list's keyset pages (lib/deliveries/list-deliveries.ts) and the
-- destinations list's health figures. Every list orders by (sort column, id) so that the
-- (value, id) cursor is an index range start and a deep page costs what the first one does.
-- Destination + date range is served by idx_webhook_deliveries_destination_created_status.

-- pg_trgm ships with PostgreSQL (contrib); it lets the error-text search (ILIKE '%…%') use an index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Default order: newest first across the org's destinations.
CREATE INDEX "idx_webhook_deliveries_created_id"
    ON "webhook_deliveries" ("created_at", "id");

-- Status filter (e.g. everything dead), newest first, straight from the index.
CREATE INDEX "idx_webhook_deliveries_status_created_id"
    ON "webhook_deliveries" ("status", "created_at", "id");

-- Sort by last attempt; also the 24 h window of the destinations' health figures. NULLs
-- (never attempted) sit at the end of the index, ordered by id, which is their own segment.
CREATE INDEX "idx_webhook_deliveries_last_attempt_id"
    ON "webhook_deliveries" ("last_attempt_at", "id");

-- Each destination's most recent failure: a small index, only failed and dead rows.
CREATE INDEX "idx_webhook_deliveries_destination_failures"
    ON "webhook_deliveries" ("destination_id", "last_attempt_at")
    WHERE "status" IN ('failed', 'dead');

-- Free-text search in error messages.
CREATE INDEX "idx_webhook_deliveries_error_trgm"
    ON "webhook_deliveries" USING gin ("error_message" gin_trgm_ops);
