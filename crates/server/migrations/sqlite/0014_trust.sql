-- 实名认证 binds the certificate to a face: the provider's verdict is kept with hashes of what it
-- saw, and the ID card photos are deleted once the verdict is stored (个人信息保护法: no more than
-- needed). `subject` is the registration or the password reset that was checked.
CREATE TABLE identity_verdicts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_kind    TEXT NOT NULL CHECK (subject_kind IN ('registration', 'password_reset')),
    subject_id      TEXT NOT NULL,
    verdict         TEXT NOT NULL CHECK (verdict IN ('match', 'identity_mismatch', 'face_mismatch')),
    portrait_sha256 TEXT,
    emblem_sha256   TEXT,
    face_sha256     TEXT NOT NULL,
    checked_at      INTEGER NOT NULL
);
CREATE INDEX identity_verdicts_by_subject ON identity_verdicts (subject_kind, subject_id);

ALTER TABLE id_photos ADD COLUMN sha256 TEXT;
ALTER TABLE id_photos ADD COLUMN deleted_at INTEGER;

-- One certificate per password setting or reset: the request that claims the step first is the
-- only one that asks the CA; a claim older than a minute is taken to have failed.
ALTER TABLE registrations ADD COLUMN issuing_since INTEGER;
ALTER TABLE password_resets ADD COLUMN issuing_since INTEGER;

-- One invoice per order: the request that claims the order asks the invoice platform.
CREATE TABLE invoice_claims (
    order_no   TEXT PRIMARY KEY NOT NULL REFERENCES orders (order_no),
    claimed_at INTEGER NOT NULL
);

-- Fixed-window request counters, per client address and global, shared by every server
-- instance that uses this database.
CREATE TABLE rate_limits (
    bucket       TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- The WeChat Pay sandbox keeps the order's time_expire, as WeChat does, and numbers invoices
-- from a sequence rather than a count (two invoices issued at once never share a number).
ALTER TABLE sandbox_wxpay ADD COLUMN expires_at INTEGER;
CREATE TABLE sandbox_invoice_numbers (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    order_no TEXT NOT NULL
);
