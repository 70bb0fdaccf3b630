-- Rate limits move to rate-limiter-flexible's PostgreSQL store (atomic upserts, expiring keys,
-- expired rows purged every few minutes by the library). The table has the shape the library
-- expects; it is created here so no process creates tables at run time.
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "rate_limits_expire_idx" ON "rate_limits" ("expire");

-- The hand-written fixed windows it replaces (rows were never purged).
DROP TABLE "rate_limit_buckets";
