-- Work that must run on one app node at a time (the population import started from the admin
-- page, a periodic sweep): whoever holds a lease's name until `until_ms` (unix ms) does it;
-- another holder takes the name over only once that time has passed.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    -- The node (or command) holding it, e.g. "<node uuid>/<import id>".
    holder TEXT NOT NULL,
    until_ms BIGINT NOT NULL
);

-- A running import's progress, written about once a second by the node running it, so the
-- admin page of every node shows it.
ALTER TABLE population_imports ADD COLUMN rows_read BIGINT NOT NULL DEFAULT 0;
ALTER TABLE population_imports ADD COLUMN phase TEXT CHECK (phase IN ('membaca', 'menyimpan'));
