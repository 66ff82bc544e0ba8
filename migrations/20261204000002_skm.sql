-- Survei Kepuasan Masyarakat (PermenPANRB 14/2017), issue 16: one response per request, after
-- its letter is signed (or it was refused). `request_hash` is a keyed hash of the request's id
-- (the audit log's key), so a response is found again for "once per request" but results are
-- not linked to a resident: pages and exports show only aggregates and suggestions.
CREATE TABLE survey_responses (
    request_hash TEXT PRIMARY KEY,
    kelurahan_code TEXT NOT NULL REFERENCES offices (code),
    kecamatan_code TEXT NOT NULL REFERENCES offices (code),
    letter_type TEXT NOT NULL,
    -- Local date answered, YYYY-MM-DD: periods are months, quarters and years of it.
    answered_on TEXT NOT NULL,
    u1 BIGINT NOT NULL CHECK (u1 BETWEEN 1 AND 4),
    u2 BIGINT NOT NULL CHECK (u2 BETWEEN 1 AND 4),
    u3 BIGINT NOT NULL CHECK (u3 BETWEEN 1 AND 4),
    u4 BIGINT NOT NULL CHECK (u4 BETWEEN 1 AND 4),
    u5 BIGINT NOT NULL CHECK (u5 BETWEEN 1 AND 4),
    u6 BIGINT NOT NULL CHECK (u6 BETWEEN 1 AND 4),
    u7 BIGINT NOT NULL CHECK (u7 BETWEEN 1 AND 4),
    u8 BIGINT NOT NULL CHECK (u8 BETWEEN 1 AND 4),
    u9 BIGINT NOT NULL CHECK (u9 BETWEEN 1 AND 4),
    suggestion TEXT
);
CREATE INDEX survey_responses_kelurahan ON survey_responses (kelurahan_code, answered_on);
CREATE INDEX survey_responses_kecamatan ON survey_responses (kecamatan_code, answered_on);
CREATE INDEX survey_responses_answered ON survey_responses (answered_on);
