-- 续期: a renewal is an order of the person's finished registration, of its own kind.
ALTER TABLE orders ADD COLUMN kind TEXT NOT NULL DEFAULT 'registration'
    CHECK (kind IN ('registration', 'renewal'));
