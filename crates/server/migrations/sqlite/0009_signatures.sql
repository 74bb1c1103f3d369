-- 我的签名: the latest handwritten signature of each person (the seal of personal signings).
CREATE TABLE signatures (
    user_id    INTEGER PRIMARY KEY NOT NULL REFERENCES users (id),
    png        BLOB NOT NULL,
    svg        TEXT NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
