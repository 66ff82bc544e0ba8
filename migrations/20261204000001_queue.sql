-- The officials' queue at scale (issue 16): what it filters, sorts and searches on is kept on
-- the request row, so a page is one indexed statement.
--   subject_name: the name of the person the letter is for, in capitals (from the snapshot);
--     NULL on rows stored before this migration until the server fills it at start.
--   late_from: the first day the request is late against its letter type's service standard
--     in working days (domain::service_clock::late_from); '9999-12-31' while nothing runs (back
--     with the resident, finished). Rewritten on every transition, at start, and when the
--     calendar's days off change.
--   forwarded: 1 once the request has been forwarded to the kecamatan.
ALTER TABLE requests ADD COLUMN subject_name TEXT;
ALTER TABLE requests ADD COLUMN late_from TEXT NOT NULL DEFAULT '9999-12-31';
ALTER TABLE requests ADD COLUMN forwarded BIGINT NOT NULL DEFAULT 0;
UPDATE requests SET forwarded = 1
 WHERE EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = requests.id AND e.to_status = 'diteruskan');

CREATE INDEX requests_kelurahan_waiting ON requests (kelurahan_code, status, late_from, created_at);
CREATE INDEX requests_kelurahan_created ON requests (kelurahan_code, created_at);
CREATE INDEX requests_kelurahan_late ON requests (kelurahan_code, late_from);
CREATE INDEX requests_kecamatan_waiting ON requests (kecamatan_code, forwarded, status, late_from, created_at);
CREATE INDEX requests_kecamatan_created ON requests (kecamatan_code, forwarded, created_at);
CREATE INDEX requests_kecamatan_late ON requests (kecamatan_code, forwarded, late_from);
CREATE INDEX requests_kelurahan_changed ON requests (kelurahan_code, status, updated_at);
CREATE INDEX requests_kecamatan_changed ON requests (kecamatan_code, forwarded, status, updated_at);
CREATE INDEX letters_number ON letters (number);
