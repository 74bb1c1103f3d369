-- Payment orders. The status only ever leaves 'unpaid' through a conditional UPDATE, so an order
-- can never end up both paid and closed, whatever arrives at the same time.
CREATE TABLE orders (
    order_no        TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    org_id          TEXT NOT NULL REFERENCES orgs (id),
    product_name    TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
    status          TEXT NOT NULL CHECK (status IN ('unpaid', 'paid', 'closed')),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    paid_at         INTEGER,
    closed_at       INTEGER,
    close_reason    TEXT CHECK (close_reason IS NULL OR close_reason IN ('cancelled', 'expired')),
    CHECK ((status = 'paid') = (paid_at IS NOT NULL)),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX orders_by_registration ON orders (registration_id, created_at);
CREATE INDEX orders_unpaid_by_expiry ON orders (status, expires_at);
