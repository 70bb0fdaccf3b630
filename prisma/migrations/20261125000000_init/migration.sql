-- Hookline initial schema. Hand-written: the CHECKs, the partial index, the expression
-- indexes and the updated_at trigger are things Prisma's schema language cannot express.
-- All timestamps are `timestamp without time zone` holding UTC; every connection the app
-- opens sets TimeZone=UTC so now() agrees with that.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE "organizations" (
    "id"         uuid         NOT NULL DEFAULT gen_random_uuid(),
    "name"       varchar(100) NOT NULL,
    "slug"       varchar(100) NOT NULL,
    "created_at" timestamp(6) NOT NULL DEFAULT now(),
    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations" ("slug");

CREATE TABLE "employees" (
    "id"          uuid         NOT NULL DEFAULT gen_random_uuid(),
    "org_id"      uuid         NOT NULL,
    "email"       varchar(255),
    "name"        varchar(100) NOT NULL,
    "external_id" varchar(100),
    "created_at"  timestamp(6) NOT NULL DEFAULT now(),
    CONSTRAINT "employees_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "employees_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "employees_org_id_idx" ON "employees" ("org_id");

CREATE TABLE "users" (
    "id"            uuid         NOT NULL DEFAULT gen_random_uuid(),
    "org_id"        uuid         NOT NULL,
    "email"         varchar(255) NOT NULL,
    "name"          varchar(100) NOT NULL,
    "password_hash" text,
    "role"          varchar(20)  NOT NULL DEFAULT 'viewer',
    "active"        boolean      NOT NULL DEFAULT true,
    "last_login_at" timestamp(6),
    "created_at"    timestamp(6) NOT NULL DEFAULT now(),
    "updated_at"    timestamp(6) NOT NULL DEFAULT now(),
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "users_role_check" CHECK ("role" IN ('admin', 'lead', 'viewer')),
    -- Emails are stored lower-cased so the unique index is case-insensitive in effect.
    CONSTRAINT "users_email_lower_check" CHECK ("email" = lower("email"))
);
CREATE UNIQUE INDEX "users_email_key" ON "users" ("email");
CREATE INDEX "users_org_id_idx" ON "users" ("org_id");

CREATE TABLE "api_keys" (
    "id"           uuid         NOT NULL DEFAULT gen_random_uuid(),
    "org_id"       uuid         NOT NULL,
    "name"         varchar(100) NOT NULL,
    "prefix"       varchar(16)  NOT NULL,
    "key_hash"     varchar(64)  NOT NULL,
    "created_by"   uuid,
    "created_at"   timestamp(6) NOT NULL DEFAULT now(),
    "last_used_at" timestamp(6),
    "revoked_at"   timestamp(6),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "api_keys_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "api_keys_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" ("key_hash");
CREATE INDEX "api_keys_org_id_idx" ON "api_keys" ("org_id");

CREATE TABLE "activity_logs" (
    "id"             uuid         NOT NULL DEFAULT gen_random_uuid(),
    "org_id"         uuid         NOT NULL,
    "employee_id"    uuid,
    "session_id"     uuid,
    "client_name"    varchar(100),
    "client_version" varchar(50),
    "event_type"     varchar(100) NOT NULL,
    "event_category" varchar(50),
    "content"        text,
    "payload"        jsonb        NOT NULL DEFAULT '{}',
    "created_at"     timestamp(6) NOT NULL DEFAULT now(),
    CONSTRAINT "activity_logs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "activity_logs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "activity_logs_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "activity_logs_org_id_created_at_idx" ON "activity_logs" ("org_id", "created_at" DESC);
CREATE INDEX "activity_logs_employee_id_idx" ON "activity_logs" ("employee_id");

CREATE TABLE "webhook_destinations" (
    "id"               uuid         NOT NULL DEFAULT gen_random_uuid(),
    "org_id"           uuid         NOT NULL,
    "name"             varchar(100) NOT NULL,
    "url"              text         NOT NULL,
    "auth_type"        varchar(50)  NOT NULL DEFAULT 'none',
    "auth_config"      jsonb,
    "event_types"      text[]       NOT NULL DEFAULT '{}',
    "event_filter"     jsonb,
    "enabled"          boolean      NOT NULL DEFAULT true,
    "batch_size"       integer      NOT NULL DEFAULT 1,
    "timeout_ms"       integer      NOT NULL DEFAULT 10000,
    "retry_max"        integer      NOT NULL DEFAULT 5,
    "retry_backoff_ms" integer      NOT NULL DEFAULT 30000,
    "signing_secret"   varchar(255) NOT NULL,
    "created_by"       uuid,
    "created_at"       timestamp(6) NOT NULL DEFAULT now(),
    "updated_at"       timestamp(6) NOT NULL DEFAULT now(),
    CONSTRAINT "webhook_destinations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_destinations_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "webhook_destinations_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "webhook_destinations_auth_type_check" CHECK ("auth_type" IN ('none', 'basic', 'bearer', 'header')),
    CONSTRAINT "webhook_destinations_batch_size_check" CHECK ("batch_size" BETWEEN 1 AND 1000),
    CONSTRAINT "webhook_destinations_timeout_ms_check" CHECK ("timeout_ms" BETWEEN 100 AND 120000),
    CONSTRAINT "webhook_destinations_retry_max_check" CHECK ("retry_max" BETWEEN 1 AND 255),
    CONSTRAINT "webhook_destinations_retry_backoff_ms_check" CHECK ("retry_backoff_ms" >= 0)
);
CREATE INDEX "webhook_destinations_org_id_idx" ON "webhook_destinations" ("org_id");

CREATE TABLE "destination_previous_secrets" (
    "destination_id" uuid         NOT NULL,
    "signing_secret" varchar(255) NOT NULL,
    "expires_at"     timestamp(6) NOT NULL,
    CONSTRAINT "destination_previous_secrets_pkey" PRIMARY KEY ("destination_id"),
    CONSTRAINT "destination_previous_secrets_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "webhook_destinations" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "webhook_deliveries" (
    "id"              uuid         NOT NULL DEFAULT gen_random_uuid(),
    "destination_id"  uuid         NOT NULL,
    "log_id"          uuid         NOT NULL,
    "status"          varchar(50)  NOT NULL DEFAULT 'pending',
    "attempts"        integer      NOT NULL DEFAULT 0,
    "last_attempt_at" timestamp(6),
    "next_retry_at"   timestamp(6),
    "response_status" integer,
    "response_body"   text,
    "error_message"   text,
    "created_at"      timestamp(6) NOT NULL DEFAULT now(),
    "delivered_at"    timestamp(6),
    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_deliveries_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "webhook_destinations" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "webhook_deliveries_log_id_fkey" FOREIGN KEY ("log_id") REFERENCES "activity_logs" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "webhook_deliveries_status_check" CHECK ("status" IN ('pending', 'delivered', 'failed', 'dead'))
);
CREATE UNIQUE INDEX "webhook_deliveries_destination_id_log_id_key" ON "webhook_deliveries" ("destination_id", "log_id");
CREATE INDEX "idx_webhook_deliveries_destination_id" ON "webhook_deliveries" ("destination_id");
CREATE INDEX "idx_webhook_deliveries_log_id" ON "webhook_deliveries" ("log_id");
-- The dispatcher's claim query reads only this index.
CREATE INDEX "idx_webhook_deliveries_pending" ON "webhook_deliveries" ("status", "next_retry_at")
    WHERE "status" IN ('pending', 'failed');

CREATE TYPE "failed_webhook_status" AS ENUM ('pending', 'retried', 'failed_permanently');

CREATE TABLE "failed_webhooks" (
    "id"                   bigint GENERATED BY DEFAULT AS IDENTITY,
    "webhook_payload_json" jsonb                   NOT NULL,
    "error_message"        text,
    -- TINYINT UNSIGNED in the seed's MySQL; smallint with a CHECK keeps the same range.
    "attempt_count"        smallint                NOT NULL DEFAULT 0,
    "last_attempt_at"      timestamp(6),
    "status"               "failed_webhook_status" NOT NULL DEFAULT 'pending',
    "created_at"           timestamp(6)            NOT NULL DEFAULT now(),
    "updated_at"           timestamp(6)            NOT NULL DEFAULT now(),
    CONSTRAINT "failed_webhooks_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "failed_webhooks_attempt_count_check" CHECK ("attempt_count" BETWEEN 0 AND 255)
);
CREATE INDEX "idx_failed_webhooks_status" ON "failed_webhooks" ("status");
-- One dead-letter row per delivery: a delivery that dies again reopens its row.
CREATE UNIQUE INDEX "failed_webhooks_delivery_id_key" ON "failed_webhooks" (("webhook_payload_json" ->> 'delivery_id'));
-- No FK to organizations (by design); the org is scoped through the payload.
CREATE INDEX "failed_webhooks_org_id_created_at_idx" ON "failed_webhooks" (("webhook_payload_json" ->> 'org_id'), "created_at" DESC);

-- MySQL's ON UPDATE CURRENT_TIMESTAMP, kept for raw SQL writers too.
CREATE FUNCTION "failed_webhooks_touch_updated_at"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW."updated_at" := now();
    RETURN NEW;
END;
$$;
CREATE TRIGGER "failed_webhooks_updated_at"
    BEFORE UPDATE ON "failed_webhooks"
    FOR EACH ROW EXECUTE FUNCTION "failed_webhooks_touch_updated_at"();

CREATE TABLE "webhook_delivery_attempts" (
    "id"               bigint GENERATED BY DEFAULT AS IDENTITY,
    "delivery_id"      uuid         NOT NULL,
    "attempt_number"   integer      NOT NULL,
    "started_at"       timestamp(6) NOT NULL,
    "duration_ms"      integer      NOT NULL,
    "request_url"      text         NOT NULL,
    "request_headers"  jsonb        NOT NULL,
    "batch_size"       integer      NOT NULL DEFAULT 1,
    "response_status"  integer,
    "response_headers" jsonb,
    "response_body"    text,
    "error"            text,
    "outcome"          varchar(20)  NOT NULL,
    CONSTRAINT "webhook_delivery_attempts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "webhook_delivery_attempts_delivery_id_started_at_idx" ON "webhook_delivery_attempts" ("delivery_id", "started_at");

CREATE TABLE "audit_logs" (
    "id"            bigint GENERATED BY DEFAULT AS IDENTITY,
    "org_id"        uuid         NOT NULL,
    "actor_user_id" uuid,
    "actor_label"   varchar(255) NOT NULL,
    "action"        varchar(100) NOT NULL,
    "target_type"   varchar(50)  NOT NULL,
    "target_id"     varchar(100),
    "details"       jsonb,
    "created_at"    timestamp(6) NOT NULL DEFAULT now(),
    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_logs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "audit_logs_actor_user_id_fkey" FOREIGN KEY ("actor_user_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "audit_logs_org_id_created_at_idx" ON "audit_logs" ("org_id", "created_at" DESC);

CREATE TABLE "rate_limit_buckets" (
    "key"      varchar(255) NOT NULL,
    "count"    integer      NOT NULL DEFAULT 0,
    "reset_at" timestamp(6) NOT NULL,
    CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("key")
);
