-- Serambi schema. Portable between SQLite and PostgreSQL: ids are text (UUIDs or Kemendagri
-- codes), times are BIGINT unix milliseconds, dates are 'YYYY-MM-DD' text, flags are BIGINT 0/1.

-- Kota, kecamatan and kelurahan offices, keyed by their Kemendagri code (e.g. 53.71.04.1001).
CREATE TABLE offices (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('kota', 'kecamatan', 'kelurahan')),
    name TEXT NOT NULL,
    parent_code TEXT REFERENCES offices (code),
    address TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    -- Short code used in letter numbers, e.g. KEL-OBB.
    unit_code TEXT NOT NULL,
    number_pattern TEXT NOT NULL DEFAULT '{klasifikasi}/{urut:03}/{unit}/{bulan_romawi}/{tahun}',
    paper TEXT NOT NULL DEFAULT 'a4' CHECK (paper IN ('a4', 'f4')),
    created_at BIGINT NOT NULL
);
CREATE INDEX offices_parent ON offices (parent_code);

-- People who sign: lurah, sekretaris, camat.
CREATE TABLE officials (
    id TEXT PRIMARY KEY,
    office_code TEXT NOT NULL REFERENCES offices (code),
    name TEXT NOT NULL,
    nip TEXT NOT NULL,
    position TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX officials_office ON officials (office_code);

-- The population record (as exported by Dukcapil/SIAK).
CREATE TABLE residents (
    nik TEXT PRIMARY KEY,
    no_kk TEXT NOT NULL,
    name TEXT NOT NULL,
    birth_place TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('L', 'P')),
    religion TEXT NOT NULL,
    marital_status TEXT NOT NULL,
    occupation TEXT NOT NULL,
    citizenship TEXT NOT NULL DEFAULT 'WNI',
    address TEXT NOT NULL,
    rt TEXT NOT NULL,
    rw TEXT NOT NULL,
    kelurahan_code TEXT NOT NULL REFERENCES offices (code),
    family_relation TEXT NOT NULL,
    mother_name TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX residents_no_kk ON residents (no_kk);
CREATE INDEX residents_kelurahan ON residents (kelurahan_code);

-- Accounts. A resident logs in by NIK; officials and admins by user name.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT UNIQUE,
    nik TEXT UNIQUE REFERENCES residents (nik),
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('warga', 'petugas_kelurahan', 'lurah', 'petugas_kecamatan', 'camat', 'admin')),
    office_code TEXT REFERENCES offices (code),
    official_id TEXT REFERENCES officials (id),
    display_name TEXT NOT NULL,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    CHECK (username IS NOT NULL OR nik IS NOT NULL)
);

-- Server-side sessions; the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    letter_type TEXT NOT NULL,
    route TEXT NOT NULL CHECK (route IN ('kelurahan', 'kecamatan')),
    requester_user_id TEXT NOT NULL REFERENCES users (id),
    subject_nik TEXT NOT NULL REFERENCES residents (nik),
    kelurahan_code TEXT NOT NULL REFERENCES offices (code),
    kecamatan_code TEXT NOT NULL REFERENCES offices (code),
    status TEXT NOT NULL,
    -- The letter type's extra fields as a JSON object.
    fields_json TEXT NOT NULL,
    -- The resident's record as it was at submission: letters print this, not today's record.
    snapshot_json TEXT NOT NULL,
    -- Bumped on every transition; a transition only applies to the version it was decided on.
    version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX requests_kelurahan_status ON requests (kelurahan_code, status);
CREATE INDEX requests_kecamatan_status ON requests (kecamatan_code, status);
CREATE INDEX requests_requester ON requests (requester_user_id);

-- Append-only history: one row per transition, written in the same transaction as the status.
CREATE TABLE request_events (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests (id),
    seq BIGINT NOT NULL,
    actor_user_id TEXT NOT NULL REFERENCES users (id),
    actor_role TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT,
    at BIGINT NOT NULL,
    UNIQUE (request_id, seq)
);

CREATE TABLE letters (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE REFERENCES requests (id),
    office_code TEXT NOT NULL REFERENCES offices (code),
    number TEXT NOT NULL,
    file_key TEXT NOT NULL,
    signer_official_id TEXT NOT NULL REFERENCES officials (id),
    signer_name TEXT NOT NULL,
    signer_position TEXT NOT NULL,
    signer_nip TEXT NOT NULL,
    signed_at BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    UNIQUE (office_code, number)
);

-- Letter number counters: one row per office, scope and year; bumped inside the signing
-- transaction so numbers have no gaps and no duplicates.
CREATE TABLE number_counters (
    office_code TEXT NOT NULL REFERENCES offices (code),
    scope TEXT NOT NULL,
    year BIGINT NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (office_code, scope, year)
);
