-- Registered sealing clients (issue 13). The secret is shown once and never stored: the
-- client's HMAC key is the secret's SHA-256, which is what `key_sha256` holds.
CREATE TABLE seal_clients (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    key_sha256  BLOB NOT NULL CHECK (length(key_sha256) = 32),
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

-- Nonces seen inside the request window: a second use of one is a replay.
CREATE TABLE seal_client_nonces (
    client_id TEXT NOT NULL REFERENCES seal_clients (id),
    nonce     TEXT NOT NULL,
    seen_at   INTEGER NOT NULL,
    PRIMARY KEY (client_id, nonce)
);
CREATE INDEX seal_client_nonces_by_age ON seal_client_nonces (seen_at);

-- A session belongs to the client that opened it; each document carries the CMS signed
-- attributes the client sent, and once signed, the ones the signature covers.
ALTER TABLE signing_sessions ADD COLUMN client_id TEXT REFERENCES seal_clients (id);
ALTER TABLE signing_documents ADD COLUMN signed_attributes BLOB;

-- Sessions opened before this version signed bare digests, which no client can use any more.
UPDATE signing_sessions SET status = 'cancelled' WHERE status IN ('waiting', 'scanned');
