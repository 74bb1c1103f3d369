-- Uploaded files (the ID card photos, until the real-name verdict) kept in the database, for a
-- deployment of several instances without a shared directory (`--files database`).
CREATE TABLE files (
    key        TEXT PRIMARY KEY NOT NULL,
    bytes      BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
