-- Ingest inserts every delivery with no error (NULL error_message), and most are delivered
-- without ever getting one. A GIN index still stores an entry for a NULL, so every ingested
-- delivery paid for a trigram-index entry nobody searches (about a tenth of a fan-out
-- insert's WAL). The partial index skips them; an error search (ILIKE) implies NOT NULL, so
-- it still uses the index. The (column, id) sort indexes stay complete on purpose: their
-- NULL rows ("never attempted", "no retry scheduled") are a keyset segment of their own.
DROP INDEX "idx_webhook_deliveries_error_trgm";
CREATE INDEX "idx_webhook_deliveries_error_trgm"
    ON "webhook_deliveries" USING gin ("error_message" gin_trgm_ops)
    WHERE "error_message" IS NOT NULL;
