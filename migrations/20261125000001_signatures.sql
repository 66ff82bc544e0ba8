-- Electronic signatures (TTE): the deployment's certificate authority, the officials'
-- certificates with their passphrase-encrypted keys, and what each signed letter's signature says.
-- DER blobs are stored as hex text so one migration serves SQLite and PostgreSQL.

CREATE TABLE signing_authorities (
    id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    serial TEXT NOT NULL,
    certificate_hex TEXT NOT NULL,
    -- Encrypted PKCS#8 (PBES2: scrypt + AES-256-CBC) under the CA passphrase.
    encrypted_key_hex TEXT NOT NULL,
    not_before BIGINT NOT NULL,
    not_after BIGINT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE signing_certificates (
    id TEXT PRIMARY KEY,
    official_id TEXT NOT NULL REFERENCES officials (id),
    authority_id TEXT NOT NULL REFERENCES signing_authorities (id),
    subject TEXT NOT NULL,
    serial TEXT NOT NULL UNIQUE,
    certificate_hex TEXT NOT NULL,
    -- Encrypted PKCS#8 under the official's own passphrase, which is never stored.
    encrypted_key_hex TEXT NOT NULL,
    not_before BIGINT NOT NULL,
    not_after BIGINT NOT NULL,
    -- Set when a newer certificate replaces this one or it is withdrawn.
    revoked_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX signing_certificates_official ON signing_certificates (official_id);

-- BSrE identifies signers by NIK.
ALTER TABLE officials ADD COLUMN nik TEXT NOT NULL DEFAULT '';

-- How the letter was signed ('pades' by the built-in CA, 'bsre' remotely, 'terdaftar' = registered
-- only, for letters signed before TTE) and the certificate that signed it.
ALTER TABLE letters ADD COLUMN signature_kind TEXT NOT NULL DEFAULT 'terdaftar';
ALTER TABLE letters ADD COLUMN cert_subject TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN cert_serial TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN cert_issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN revoked_at BIGINT;
ALTER TABLE letters ADD COLUMN revoked_reason TEXT;
CREATE INDEX letters_sha256 ON letters (sha256);
