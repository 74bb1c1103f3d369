-- A visible seal shows who signs, which the sealing client learns only when the code is
-- scanned: such a session names its documents first and gives their digests and signed
-- attributes once the signer is known. Until then a document's sha256 is NULL.
ALTER TABLE signing_sessions ADD COLUMN documents_after_scan INTEGER NOT NULL DEFAULT 0;

CREATE TABLE signing_documents_next (
    session_id        TEXT NOT NULL REFERENCES signing_sessions (id),
    position          INTEGER NOT NULL,
    name              TEXT NOT NULL,
    sha256            TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    signature         BLOB,
    signed_attributes BLOB,
    PRIMARY KEY (session_id, position)
);
INSERT INTO signing_documents_next (session_id, position, name, sha256, signature, signed_attributes)
    SELECT session_id, position, name, sha256, signature, signed_attributes FROM signing_documents;
DROP TABLE signing_documents;
ALTER TABLE signing_documents_next RENAME TO signing_documents;
