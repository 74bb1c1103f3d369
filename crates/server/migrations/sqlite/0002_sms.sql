-- Verification codes. Only a hash of the code is kept; the sandbox outbox below is what a phone
-- would have received.
CREATE TABLE sms_codes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    phone        TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    code_hash    TEXT NOT NULL,
    sent_at      INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    failed_tries INTEGER NOT NULL DEFAULT 0,
    consumed_at  INTEGER
);
CREATE INDEX sms_codes_by_phone ON sms_codes (phone, sent_at);

-- The SMS sandbox's outbox: every message the sandbox provider "sent".
CREATE TABLE sandbox_sms (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    phone   TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code    TEXT NOT NULL,
    text    TEXT NOT NULL,
    sent_at INTEGER NOT NULL
);
CREATE INDEX sandbox_sms_by_phone ON sandbox_sms (phone, id);
