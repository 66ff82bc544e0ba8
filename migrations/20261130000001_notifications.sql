-- Notifications (issue 14): reference codes, people's contacts, and the outbox.

-- A request's reference code (six characters of domain::reference's alphabet, shown as
-- SRB-XXXX-XX), random and unique. Existing rows are filled right after the migrations by
-- db::requests::fill_references (random codes need the server's generator, on both engines).
ALTER TABLE requests ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX requests_reference ON requests (reference);

-- Where a person can be reached: at most one address per channel, usable once verified with a
-- one-time code sent through that channel (only the code's SHA-256 is kept, until it expires).
CREATE TABLE contacts (
    user_id TEXT NOT NULL REFERENCES users (id),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'wa')),
    address TEXT NOT NULL,
    verified_at BIGINT,
    code_hash TEXT,
    code_expires_at BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, channel)
);

-- What a person chose: the channel messages go to (one of their verified contacts) and whether
-- they want messages at all; for staff, when their last digests went out.
CREATE TABLE notification_settings (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    channel TEXT CHECK (channel IN ('email', 'wa')),
    enabled BIGINT NOT NULL DEFAULT 1,
    -- The last "new in your queue" digest (unix ms).
    queue_digest_at BIGINT NOT NULL DEFAULT 0,
    -- The local date ('YYYY-MM-DD') of the last daily "waiting for your signature" digest.
    daily_digest_on TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

-- The outbox: one row per message, written in the same transaction as what causes it, then
-- delivered by a worker on any app node (claimed atomically, retried with backoff).
-- status: menunggu (to send), terkirim (sent), gagal (failed for good, with the last error),
-- tanpa_kanal (the deployment has no such channel configured: kept for the admin to see).
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    request_id TEXT REFERENCES requests (id),
    user_id TEXT REFERENCES users (id),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'wa')),
    address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('menunggu', 'terkirim', 'gagal', 'tanpa_kanal')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_by TEXT,
    claimed_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX notifications_request ON notifications (request_id);
