-- The seed's four tables to the letter, part two.
--
-- Their timestamp columns are `timestamp` in the seed, not `timestamp(6)`: the same precision
-- (6 is PostgreSQL's maximum and the default), but a different declared type for anyone comparing
-- schemas. Changing only the typmod is binary-coercible: no table rewrite, and plain indexes on
-- these columns keep their storage. Partial indexes are rebuilt, and PostgreSQL re-reads their
-- predicate from its own printout, which does not print back the same (`ARRAY[(…)::text, …]`
-- instead of the seed's `(ARRAY[…])::text[]`): the three partial indexes on these columns are
-- therefore dropped first and created again afterwards in the words that first made them (the
-- seed's for the pending index, 20261125200000's and 20261125300000's for the other two).
DROP INDEX "idx_webhook_deliveries_pending";
DROP INDEX "idx_webhook_deliveries_destination_failures";
DROP INDEX "idx_webhook_deliveries_undelivered_created";
ALTER TABLE "activity_logs"
    ALTER COLUMN "created_at" TYPE timestamp;
ALTER TABLE "webhook_destinations"
    ALTER COLUMN "created_at" TYPE timestamp,
    ALTER COLUMN "updated_at" TYPE timestamp;
ALTER TABLE "webhook_deliveries"
    ALTER COLUMN "last_attempt_at" TYPE timestamp,
    ALTER COLUMN "next_retry_at"   TYPE timestamp,
    ALTER COLUMN "created_at"      TYPE timestamp,
    ALTER COLUMN "delivered_at"    TYPE timestamp;
ALTER TABLE "failed_webhooks"
    ALTER COLUMN "last_attempt_at" TYPE timestamp,
    ALTER COLUMN "created_at"      TYPE timestamp,
    ALTER COLUMN "updated_at"      TYPE timestamp;
-- The dispatcher's claim query reads only this index.
CREATE INDEX "idx_webhook_deliveries_pending" ON "webhook_deliveries" ("status", "next_retry_at")
    WHERE "status" IN ('pending', 'failed');
CREATE INDEX "idx_webhook_deliveries_destination_failures"
    ON "webhook_deliveries" ("destination_id", "last_attempt_at")
    WHERE "status" IN ('failed', 'dead');
CREATE INDEX "idx_webhook_deliveries_undelivered_created"
    ON "webhook_deliveries" ("destination_id", "created_at")
    WHERE "status" IN ('pending', 'failed');

-- The seed's references say what happens on delete and nothing about updates; ON UPDATE CASCADE
-- was Prisma's default, not the seed's. (Ids are never updated, so no behaviour changes.)
ALTER TABLE "activity_logs"
    DROP CONSTRAINT "activity_logs_org_id_fkey",
    ADD CONSTRAINT "activity_logs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations" ("id") ON DELETE CASCADE,
    DROP CONSTRAINT "activity_logs_employee_id_fkey",
    ADD CONSTRAINT "activity_logs_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees" ("id") ON DELETE SET NULL;
ALTER TABLE "webhook_destinations"
    DROP CONSTRAINT "webhook_destinations_org_id_fkey",
    ADD CONSTRAINT "webhook_destinations_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations" ("id") ON DELETE CASCADE,
    DROP CONSTRAINT "webhook_destinations_created_by_fkey",
    ADD CONSTRAINT "webhook_destinations_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users" ("id") ON DELETE SET NULL;
ALTER TABLE "webhook_deliveries"
    DROP CONSTRAINT "webhook_deliveries_destination_id_fkey",
    ADD CONSTRAINT "webhook_deliveries_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "webhook_destinations" ("id") ON DELETE CASCADE,
    DROP CONSTRAINT "webhook_deliveries_log_id_fkey",
    ADD CONSTRAINT "webhook_deliveries_log_id_fkey" FOREIGN KEY ("log_id") REFERENCES "activity_logs" ("id") ON DELETE CASCADE;
