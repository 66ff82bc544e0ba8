-- Engine-specific schema steps (server/src/db/checks.rs) that portable SQL cannot express,
-- e.g. a CHECK added to a table that already exists. Each step is recorded here once applied.
CREATE TABLE schema_steps (
    name TEXT PRIMARY KEY,
    applied_at BIGINT NOT NULL
);
