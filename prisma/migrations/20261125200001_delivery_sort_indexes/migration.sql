-- The deliveries list's remaining sorts (next retry, attempts) keyset-paged from an index, like
-- created_at and last_attempt_at (20261125200000): without these a page sorted by attempts
-- sorted the whole table (~1 s at a million rows).
CREATE INDEX "idx_webhook_deliveries_next_retry_id"
    ON "webhook_deliveries" ("next_retry_at", "id");
CREATE INDEX "idx_webhook_deliveries_attempts_id"
    ON "webhook_deliveries" ("attempts", "id");

-- next_retry_at is set only while a delivery waits (failed, or pending under a lease), and
-- last_attempt_at only once it was tried: both are strongly tied to status. Per-column
-- statistics assume independence and misjudge e.g. "failed with no next retry" as common,
-- which made the planner walk an id-ordered index through the whole table looking for rows
-- that do not exist. Multivariate MCV statistics tell it the real combinations.
CREATE STATISTICS IF NOT EXISTS "stx_webhook_deliveries_status_schedule" (mcv)
    ON "status", ("next_retry_at" IS NULL), ("last_attempt_at" IS NULL)
    FROM "webhook_deliveries";
