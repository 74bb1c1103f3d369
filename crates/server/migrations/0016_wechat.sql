-- WeChat's jsapi_ticket, cached until shortly before it expires and shared by every server
-- instance (WeChat limits how often it may be fetched).
CREATE TABLE wechat_tickets (
    app_id     TEXT PRIMARY KEY NOT NULL,
    ticket     TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
