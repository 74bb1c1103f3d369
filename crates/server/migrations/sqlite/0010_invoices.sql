-- E-invoices, one per paid order: issuing twice returns the first.
CREATE TABLE invoices (
    order_no   TEXT PRIMARY KEY NOT NULL REFERENCES orders (order_no),
    invoice_no TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    tax_number TEXT NOT NULL,
    email      TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    issued_at  INTEGER NOT NULL,
    pdf        BLOB NOT NULL
);

-- The sandbox mail outbox (what a mail provider would deliver).
CREATE TABLE sandbox_mail (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    attachment_name TEXT,
    attachment      BLOB,
    sent_at         INTEGER NOT NULL
);
CREATE INDEX sandbox_mail_by_to ON sandbox_mail (to_addr, id);
