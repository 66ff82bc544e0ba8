-- Self-registration's second factor (security review, finding 8). The answers registration
-- asks for (NIK, KK, birth date, mother's name) are printed on every KK photocopy, so an office
-- may require a one-time activation code as well: a clerk makes it at the counter after
-- checking the KTP and hands it over on paper. Only its SHA-256 is kept.
ALTER TABLE offices ADD COLUMN activation_required BIGINT NOT NULL DEFAULT 0;

CREATE TABLE activation_codes (
    code_hash TEXT PRIMARY KEY,
    nik TEXT NOT NULL,
    office_code TEXT NOT NULL REFERENCES offices (code),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX activation_codes_nik ON activation_codes (nik);

-- The activation code a registration's first step matched, used up with the ticket.
ALTER TABLE registration_tickets ADD COLUMN activation_hash TEXT;
