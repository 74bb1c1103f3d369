-- What the phone last refused (a wrong or locked signing password), for the sealing client
-- to show at the desktop while it waits.
ALTER TABLE signing_sessions ADD COLUMN phone_notice TEXT;
