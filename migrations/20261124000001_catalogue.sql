-- Letter catalogue: office layout and numbering settings, officials who sign on behalf,
-- people named in requests, and attachments. Portable between SQLite and PostgreSQL.

-- Page margins in millimetres (Tata Naskah Dinas defaults), kop surat lines (one per line;
-- empty = PEMERINTAH KOTA … / KECAMATAN … / KELURAHAN …), the emblem's file key, and what a
-- number counter counts: the whole office ('kantor') or each classification separately.
ALTER TABLE offices ADD COLUMN margin_top_mm BIGINT NOT NULL DEFAULT 25;
ALTER TABLE offices ADD COLUMN margin_right_mm BIGINT NOT NULL DEFAULT 20;
ALTER TABLE offices ADD COLUMN margin_bottom_mm BIGINT NOT NULL DEFAULT 25;
ALTER TABLE offices ADD COLUMN margin_left_mm BIGINT NOT NULL DEFAULT 30;
ALTER TABLE offices ADD COLUMN kop_lines TEXT NOT NULL DEFAULT '';
ALTER TABLE offices ADD COLUMN emblem_key TEXT;
ALTER TABLE offices ADD COLUMN counter_scope TEXT NOT NULL DEFAULT 'kantor' CHECK (counter_scope IN ('kantor', 'klasifikasi'));

-- Rank (pangkat/golongan) printed under the name, and "a.n. Lurah …" for a secretary who
-- signs on the head's behalf.
ALTER TABLE officials ADD COLUMN rank TEXT NOT NULL DEFAULT '';
ALTER TABLE officials ADD COLUMN on_behalf TEXT NOT NULL DEFAULT '';

-- Population records of the people named in a request's person fields, as they were at
-- submission, keyed by NIK (JSON object).
ALTER TABLE requests ADD COLUMN persons_json TEXT NOT NULL DEFAULT '{}';

-- Supporting documents. Uploaded first (request_id NULL), linked to a request when it is
-- submitted. A replaced attachment stays linked but inactive.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    owner_user_id TEXT NOT NULL REFERENCES users (id),
    request_id TEXT REFERENCES requests (id),
    slot TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    file_type TEXT NOT NULL CHECK (file_type IN ('pdf', 'jpg', 'png')),
    original_name TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    file_key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_request ON attachments (request_id);
CREATE INDEX attachments_owner ON attachments (owner_user_id, created_at);
