-- An index set designed for webhook_deliveries, the hot table: every delivery is one insert
-- (fan-out) and one outcome update, and since the seed's pending index covers `status` and
-- `next_retry_at` no update is HOT — each inserts into every index whose predicate the new row
-- meets. The dashboard's indexes are therefore kept off the happy path (pending → delivered)
-- wherever a query allows it: a partial index over failing rows, or over the rows where a
-- nullable sort column has a value, costs a successful delivery nothing.
--
-- Index insertions per successful delivery: 34 before (fan-out 12, claim lease 12, outcome 10),
-- 16 now (fan-out 8, outcome 8; the claim is a row lock and writes nothing).
--
-- webhook_deliveries after this migration (the seed's five first):
--   webhook_deliveries_pkey                    (id)                         detail, the NULL segments of nullable sorts
--   webhook_deliveries_destination_id_log_id_key (destination_id, log_id)   the fan-out's ON CONFLICT
--   idx_webhook_deliveries_destination         (destination_id)             estimated counts, cascades
--   idx_webhook_deliveries_log                 (log_id)                     a log's deliveries, cascades
--   idx_webhook_deliveries_pending             (status, next_retry_at) pending/failed   the claim; pending counts
--   idx_webhook_deliveries_created_id          (created_at, id)             default list order, date ranges
--   idx_webhook_deliveries_destination_created_status (destination_id, created_at) INCLUDE status
--                                                                           the overview, per-destination counts
--   idx_webhook_deliveries_undelivered_created (destination_id, created_at) pending/failed   queue health's oldest
--   idx_webhook_deliveries_status_created_id   (status, created_at, id) failed/dead          failed/dead lists and counts
--   idx_webhook_deliveries_last_attempt_id     (last_attempt_at, id) attempted rows          sort by last attempt
--   idx_webhook_deliveries_next_retry_id       (next_retry_at, id) scheduled rows            sort by next retry
--   idx_webhook_deliveries_attempts_id         (NULLIF(attempts, 0), id) attempted rows     sort by attempts
--   idx_webhook_deliveries_failing_attempts    (status, NULLIF(attempts, 0), id) failed/dead  failed/dead by attempts
--   idx_webhook_deliveries_destination_failures (destination_id, last_attempt_at) failed/dead  a destination's last failure
--   idx_webhook_deliveries_error_trgm          gin (error_message) where set                   error text search

-- Filtering by status where the status is common (delivered: most rows; pending) walks the
-- created_at order and filters; only the rare statuses need their own ranges.
DROP INDEX "idx_webhook_deliveries_status_created_id";
CREATE INDEX "idx_webhook_deliveries_status_created_id"
    ON "webhook_deliveries" ("status", "created_at", "id")
    WHERE "status" IN ('failed', 'dead');

-- The NULL segment of these sorts is read in primary-key order (lib/deliveries/keyset.ts,
-- `nullsInIdOrder`), so their indexes hold only the rows with a value: a new delivery has
-- neither, and a delivered one has no next retry.
DROP INDEX "idx_webhook_deliveries_last_attempt_id";
CREATE INDEX "idx_webhook_deliveries_last_attempt_id"
    ON "webhook_deliveries" ("last_attempt_at", "id")
    WHERE "last_attempt_at" IS NOT NULL;

DROP INDEX "idx_webhook_deliveries_next_retry_id";
CREATE INDEX "idx_webhook_deliveries_next_retry_id"
    ON "webhook_deliveries" ("next_retry_at", "id")
    WHERE "next_retry_at" IS NOT NULL;

-- Sort by attempts reads the never-attempted rows (attempts = 0, what every new delivery has)
-- in primary-key order as the NULL segment of NULLIF(attempts, 0): same order, and the index
-- leaves them out, so the fan-out's insert does not touch it.
DROP INDEX "idx_webhook_deliveries_attempts_id";
CREATE INDEX "idx_webhook_deliveries_attempts_id"
    ON "webhook_deliveries" ((NULLIF("attempts", 0)), "id")
    WHERE NULLIF("attempts", 0) IS NOT NULL;

-- activity_logs takes one insert per event: (org_id, created_at DESC) is a prefix of
-- idx_activity_logs_org_created_id, which serves every query it did.
DROP INDEX "activity_logs_org_id_created_at_idx";

-- "Dead (or failed) deliveries by attempts": the attempts index walks every delivered row
-- first; failing rows get their own order (only they pay for it, as with the status index).
CREATE INDEX "idx_webhook_deliveries_failing_attempts"
    ON "webhook_deliveries" ("status", (NULLIF("attempts", 0)), "id")
    WHERE "status" IN ('failed', 'dead');
