-- The sandbox CA's root key and certificate (what a real CA keeps in its HSM). One row.
CREATE TABLE sandbox_ca (
    id        INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    key_pkcs8 BLOB NOT NULL,
    cert_der  BLOB NOT NULL
);

-- The 签署密码: only its argon2id hash, and the count of wrong tries for the lockout.
CREATE TABLE credentials (
    user_id         INTEGER PRIMARY KEY NOT NULL REFERENCES users (id),
    password_hash   TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,
    updated_at      INTEGER NOT NULL
);

-- Certificates and their keys. The private key is stored only sealed (AES-256-GCM) under a key
-- derived from the signing password; a person has at most one valid certificate.
CREATE TABLE certificates (
    serial         TEXT PRIMARY KEY NOT NULL,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    algorithm      TEXT NOT NULL,
    issuer         TEXT NOT NULL,
    not_before     INTEGER NOT NULL,
    not_after      INTEGER NOT NULL,
    cert_der       BLOB NOT NULL,
    public_key_der BLOB NOT NULL,
    key_salt       BLOB NOT NULL,
    key_nonce      BLOB NOT NULL,
    key_sealed     BLOB NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('valid', 'revoked')),
    revoked_at     INTEGER,
    created_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX certificates_one_valid_per_user ON certificates (user_id) WHERE status = 'valid';

-- Login sessions: only a hash of the bearer token is kept.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- The person a finished registration made.
ALTER TABLE registrations ADD COLUMN user_id INTEGER REFERENCES users (id);
