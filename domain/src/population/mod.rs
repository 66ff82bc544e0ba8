//! Rows of a Dukcapil/SIAK population export (CSV), checked and normalised before they are
//! stored as the population record.
//!
//! The CSV reading itself (quotes, separators, encodings) belongs to the caller; this module
//! gets the header row and then each data row already split into fields. It finds the columns
//! by name (SIAK's names and a few common spellings), checks every field of a row and returns
//! either a normalised [`Person`] or every [`Problem`] of the row.
//!
//! Reasons are Indonesian, start lowercase and never contain a NIK or KK number: the import
//! report names the line and the column, and it is shown to and downloaded by staff.

mod choices;
#[cfg(test)]
mod fixtures;
mod header;
mod regions;
mod row;

pub use choices::{CITIZENSHIPS, FAMILY_RELATIONS, MARITAL_STATUSES, RELIGIONS};
pub use header::{Column, Header, HeaderError, detect_separator, strip_bom};
pub use regions::Regions;
pub use row::{Person, Problem, same_name, validate};

/// What a resident may say is wrong.
pub const CORRECTION_FIELDS: [&str; 12] = [
    "Nama",
    "NIK",
    "No. KK",
    "Tempat lahir",
    "Tanggal lahir",
    "Jenis kelamin",
    "Agama",
    "Status perkawinan",
    "Pekerjaan",
    "Alamat / RT / RW",
    "Anggota keluarga",
    "Lainnya",
];
