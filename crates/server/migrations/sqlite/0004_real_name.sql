-- 实名认证: the ID card photos (files under the data directory) and the liveness challenges.
CREATE TABLE id_photos (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    side            TEXT NOT NULL,
    path            TEXT NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    bytes           INTEGER NOT NULL,
    uploaded_at     INTEGER NOT NULL,
    PRIMARY KEY (registration_id, side)
);

CREATE TABLE liveness_challenges (
    id              TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    prompts         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    used_at         INTEGER
);
