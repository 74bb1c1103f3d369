-- WeChat's access token and jsapi_ticket, each cached until shortly before it expires and
-- shared by every server instance (WeChat limits how often they may be fetched).
CREATE TABLE wechat_credentials (
    app_id     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('access_token', 'jsapi_ticket')),
    value      TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (app_id, kind)
);
