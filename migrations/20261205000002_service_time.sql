-- A signed request's service time, fixed when it is signed: the working days from submission to
-- signature (days back with the resident not counted) and whether that was within its letter
-- type's standard (1/0). The dashboards and open statistics read these instead of replaying
-- every history. Rows signed before this migration are filled at the next start.
ALTER TABLE requests ADD COLUMN workdays_used INTEGER;
ALTER TABLE requests ADD COLUMN within_standard INTEGER;
CREATE INDEX letters_signed_at ON letters (signed_at);
