-- Sessions that can be revoked: every session token carries the user's session_version from
-- sign-in, and a session whose version is behind the user's is refused. Bumped by a password
-- change, deactivation, a role change and "sign out everywhere".
ALTER TABLE "users" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0;

-- Single sign-on accounts linked to a local user by the identity provider's (issuer, subject)
-- — never again by e-mail alone once linked.
CREATE TABLE "user_identities" (
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMP(6) NOT NULL DEFAULT now(),

    CONSTRAINT "user_identities_pkey" PRIMARY KEY ("issuer", "subject"),
    CONSTRAINT "user_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "user_identities_user_id_issuer_key" ON "user_identities" ("user_id", "issuer");
