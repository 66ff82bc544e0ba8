-- The verification cache asks every second how many letters are revoked and when the newest
-- was (server/src/verification/cache.rs): answered from this index, not by reading letters.
CREATE INDEX letters_revoked ON letters (revoked_at) WHERE revoked_at IS NOT NULL;
