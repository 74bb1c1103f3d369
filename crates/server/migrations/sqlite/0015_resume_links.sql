-- Resume links: a registration brought into another browser (WeChat Pay's return into Safari,
-- the desktop's 「在手机上继续」). Single use, short-lived, only a hash of the token is kept.
CREATE TABLE resume_links (
    token_hash      TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    target          TEXT NOT NULL CHECK (target IN ('pay_result', 'step')),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER
);
CREATE INDEX resume_links_by_registration ON resume_links (registration_id);
