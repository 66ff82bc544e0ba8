-- Residents see who looked at their data ("Riwayat akses data saya"): events are found by
-- what they are about (a request, a letter, an account, a keyed NIK hash).
CREATE INDEX audit_events_subject ON audit_events (subject, seq);
