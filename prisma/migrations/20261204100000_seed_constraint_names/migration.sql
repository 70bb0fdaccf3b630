-- The seed's schema to the letter: the (destination_id, log_id) pair is a UNIQUE constraint, not
-- only a unique index, and the seed's two plain indexes carry the seed's names.
ALTER TABLE "webhook_deliveries"
    ADD CONSTRAINT "webhook_deliveries_destination_id_log_id_key"
    UNIQUE USING INDEX "webhook_deliveries_destination_id_log_id_key";
ALTER INDEX "idx_webhook_deliveries_destination_id" RENAME TO "idx_webhook_deliveries_destination";
ALTER INDEX "idx_webhook_deliveries_log_id" RENAME TO "idx_webhook_deliveries_log";
