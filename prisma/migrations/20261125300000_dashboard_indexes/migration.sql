-- Indexes for the dashboard's read paths (overview aggregates, activity and audit lists).
-- Every query reaches deliveries through the org's destinations, so each index leads with
-- destination_id and the planner runs one range scan per destination.

-- Overview: counts by status, timeline and failing destinations over the last 7 days come
-- from one index-only scan of this index (status is carried, the heap is not read).
CREATE INDEX "idx_webhook_deliveries_destination_created_status"
    ON "webhook_deliveries" ("destination_id", "created_at") INCLUDE ("status");

-- Overview: the oldest delivery still waiting (pending, or failed and due for a retry). The
-- partial index stays small however large the delivered history grows.
CREATE INDEX "idx_webhook_deliveries_undelivered_created"
    ON "webhook_deliveries" ("destination_id", "created_at")
    WHERE "status" IN ('pending', 'failed');

-- Overview: the dead-letter queue size (failed_webhooks still pending review) per org.
CREATE INDEX "idx_failed_webhooks_org_pending"
    ON "failed_webhooks" (("webhook_payload_json" ->> 'org_id'))
    WHERE "status" = 'pending';

-- Activity: keyset pages (created_at, id) per org, with and without an event type filter.
CREATE INDEX "idx_activity_logs_org_created_id"
    ON "activity_logs" ("org_id", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_activity_logs_org_event_type_created"
    ON "activity_logs" ("org_id", "event_type", "created_at" DESC, "id" DESC);

-- Settings: the audit log viewer pages by (created_at, id) per org.
CREATE INDEX "idx_audit_logs_org_created_id"
    ON "audit_logs" ("org_id", "created_at" DESC, "id" DESC);
