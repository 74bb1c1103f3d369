-- Scan-to-sign sessions, as the sealing client opens them. `token` is what the QR code carries;
-- `status` only moves forward through conditional UPDATEs.
CREATE TABLE signing_sessions (
    id                 TEXT PRIMARY KEY NOT NULL,
    token              TEXT NOT NULL UNIQUE,
    client_name        TEXT NOT NULL,
    seal               TEXT NOT NULL CHECK (seal IN ('personal', 'unit')),
    status             TEXT NOT NULL CHECK (status IN ('waiting', 'scanned', 'signed', 'cancelled')),
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL,
    user_id            INTEGER REFERENCES users (id),
    scanned_at         INTEGER,
    signed_at          INTEGER,
    certificate_serial TEXT REFERENCES certificates (serial),
    CHECK ((status = 'signed') = (signed_at IS NOT NULL))
);
CREATE INDEX signing_sessions_by_user ON signing_sessions (user_id, signed_at);

CREATE TABLE signing_documents (
    session_id TEXT NOT NULL REFERENCES signing_sessions (id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    signature  BLOB,
    PRIMARY KEY (session_id, position)
);
