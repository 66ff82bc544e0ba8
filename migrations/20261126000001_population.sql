-- Population data and identity: imports of the Dukcapil/SIAK record, self-registration,
-- attempt limits, requests for family members and at the counter, data-correction notes.

-- One row per imported file. The rows of a file are written in one transaction together
-- with this row's final counts, so a file is either wholly applied or not at all.
CREATE TABLE population_imports (
    id TEXT PRIMARY KEY,
    -- The file name as given (never a path with personal data: names only).
    source_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    -- The admin who uploaded it; NULL for the command line.
    started_by TEXT REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('berjalan', 'selesai', 'gagal')),
    rows_total BIGINT NOT NULL DEFAULT 0,
    rows_ok BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    inserted BIGINT NOT NULL DEFAULT 0,
    updated BIGINT NOT NULL DEFAULT 0,
    unchanged BIGINT NOT NULL DEFAULT 0,
    -- Why a failed import failed (Indonesian, for the admin page).
    message TEXT,
    -- The full report in file storage (web uploads); the CLI writes it next to the input.
    report_key TEXT,
    started_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX population_imports_started ON population_imports (started_at);

-- The first problems of an import, for the admin page (the report file has them all).
CREATE TABLE population_import_problems (
    import_id TEXT NOT NULL REFERENCES population_imports (id),
    seq BIGINT NOT NULL,
    line BIGINT NOT NULL,
    column_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- Failed attempts at guessable secrets, per key: registration answers per NIK and per client,
-- logins per client, signing passphrases per official. Keys hold hashes, never a NIK.
CREATE TABLE attempt_limits (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);

-- Between the identity check and setting a password: a one-time ticket (only its hash here).
CREATE TABLE registration_tickets (
    token_hash TEXT PRIMARY KEY,
    nik TEXT NOT NULL REFERENCES residents (nik),
    expires_at BIGINT NOT NULL
);

-- A resident's note that their record looks wrong. The record comes from Dukcapil; the
-- kelurahan checks the note and passes it on.
CREATE TABLE data_corrections (
    id TEXT PRIMARY KEY,
    nik TEXT NOT NULL REFERENCES residents (nik),
    kelurahan_code TEXT NOT NULL REFERENCES offices (code),
    reporter_user_id TEXT NOT NULL REFERENCES users (id),
    -- The fields named by the resident, as their labels joined with ', '.
    fields TEXT NOT NULL,
    note TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('baru', 'selesai')),
    response TEXT,
    handled_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    handled_at BIGINT
);
CREATE INDEX data_corrections_kelurahan ON data_corrections (kelurahan_code, status);
CREATE INDEX data_corrections_nik ON data_corrections (nik);

-- 'daring': a resident asked online (for themself or a member of their KK);
-- 'loket': a clerk opened it for a resident at the counter.
ALTER TABLE requests ADD COLUMN channel TEXT NOT NULL DEFAULT 'daring';
CREATE INDEX requests_subject ON requests (subject_nik);
