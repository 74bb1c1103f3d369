-- When WeChat Pay was last asked about an unpaid order: a phone polling 支付结果 asks the server
-- every second or two, and the server asks WeChat at most every few seconds per order (WeChat
-- limits queries too), whatever instance the phone reaches.
ALTER TABLE orders ADD COLUMN provider_checked_at INTEGER;
