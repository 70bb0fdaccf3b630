-- With tracing on, one row per ingest request: its W3C trace context and the activity logs it
-- created, so a delivery's send span can link back to the request's trace without a column on the
-- seed's tables. Written only while tracing; retention deletes old rows.
CREATE TABLE "ingest_trace_contexts" (
    "id" BIGSERIAL NOT NULL,
    "traceparent" VARCHAR(55) NOT NULL,
    "log_ids" UUID[] NOT NULL,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT now(),

    CONSTRAINT "ingest_trace_contexts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ingest_trace_contexts_log_ids_idx" ON "ingest_trace_contexts" USING GIN ("log_ids");
CREATE INDEX "ingest_trace_contexts_created_at_idx" ON "ingest_trace_contexts" ("created_at");
