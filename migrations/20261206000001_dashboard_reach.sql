-- The dashboards look at what happened in the last weeks. A request's last change
-- (`updated_at`, written with the same clock reading as every event of its history) bounds its
-- events and its letter's signature: a request unchanged since the window began has nothing in
-- it. These indexes let a dashboard read only the requests of its reach changed in the window
-- (instead of every request the office ever had), and carry what it counts, so neither the
-- requests' nor the events' rows are read.
CREATE INDEX requests_kelurahan_updated
    ON requests (kelurahan_code, updated_at, id, letter_type, workdays_used, within_standard);
CREATE INDEX requests_kecamatan_updated
    ON requests (kecamatan_code, updated_at, id, letter_type, workdays_used, within_standard);
CREATE INDEX requests_updated ON requests (updated_at, id, letter_type, workdays_used, within_standard);
CREATE INDEX request_events_request_at ON request_events (request_id, at, to_status, seq);
CREATE INDEX letters_request_signed ON letters (request_id, signed_at);
