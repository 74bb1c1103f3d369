-- The WeChat Pay sandbox's own books: one row per prepay (what WeChat would keep).
CREATE TABLE sandbox_wxpay (
    prepay_id      TEXT PRIMARY KEY NOT NULL,
    order_no       TEXT NOT NULL,
    amount_fen     INTEGER NOT NULL,
    channel        TEXT NOT NULL,
    redirect_url   TEXT,
    status         TEXT NOT NULL CHECK (status IN ('open', 'paid', 'closed')),
    transaction_id TEXT,
    created_at     INTEGER NOT NULL,
    paid_at        INTEGER
);
CREATE INDEX sandbox_wxpay_by_order ON sandbox_wxpay (order_no);
