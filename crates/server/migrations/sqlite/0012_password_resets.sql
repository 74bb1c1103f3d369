-- 重置签署密码: SMS code, then liveness, then a new password with a new key and certificate.
CREATE TABLE password_resets (
    id                TEXT PRIMARY KEY NOT NULL,
    user_id           INTEGER NOT NULL REFERENCES users (id),
    prompts           TEXT NOT NULL,
    challenge_used_at INTEGER,
    verified_at       INTEGER,
    used_at           INTEGER,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL
);

ALTER TABLE certificates ADD COLUMN revoke_reason TEXT;
