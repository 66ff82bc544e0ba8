-- Attempts are counted before their check (security review, finding 5). Which attempt got the
-- last free place under the limit: the token it brought (see server/src/limits.rs).
ALTER TABLE attempt_limits ADD COLUMN admitted TEXT NOT NULL DEFAULT '';
