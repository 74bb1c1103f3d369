-- Rules that held because SQLite runs one writer at a time, made to hold in the database for any
-- number of writers (PostgreSQL's migration 0002 is the same).

-- One row per phone that has been sent a code: recording a code first takes this row's lock, so
-- the resend interval and daily cap, checked by the INSERT that follows, see every earlier code.
CREATE TABLE sms_send_turns (
    phone TEXT PRIMARY KEY NOT NULL
);

-- WeChat Pay's sandbox takes one payment per order (out_trade_no), however its prepays race.
CREATE UNIQUE INDEX sandbox_wxpay_one_paid_per_order ON sandbox_wxpay (order_no) WHERE status = 'paid';
