-- The tamper-evident audit log: security events (logins, account and role changes, password
-- resets, certificates, office settings, counter look-ups, signing, revocation, imports,
-- exports, backups), each row carrying the SHA-256 of the row before it. A row is written in the
-- same transaction as the change it records. `audit_head` holds the last sequence number and
-- hash: appending updates it first, so concurrent appends queue on that one row and the chain
-- stays a line; a deleted tail is seen as a head that no row matches. Updates and deletes of
-- audit_events are refused by triggers (server/src/db/audit.rs, per engine).
CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    -- NULL: the command line or the system.
    actor_user_id TEXT,
    action TEXT NOT NULL,
    -- The office the event belongs to (for office administrators' view); NULL: deployment-wide.
    office_code TEXT,
    -- What it is about: an account, request or letter id, an office code, or a keyed hash of a
    -- NIK ("nik:…"); never a NIK itself.
    subject TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_office ON audit_events (office_code, seq);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
