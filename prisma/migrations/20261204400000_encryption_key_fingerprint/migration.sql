-- Which APP_ENCRYPTION_KEY the database's secrets were encrypted with: a fingerprint (an HMAC of
-- a constant under the key, never the key), recorded on first use. Every process that handles
-- secrets compares its own key with it at start and refuses to run on a mismatch.
CREATE TABLE "encryption_key_fingerprint" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "fingerprint" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT now(),

    CONSTRAINT "encryption_key_fingerprint_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "encryption_key_fingerprint_single_row" CHECK ("id")
);
