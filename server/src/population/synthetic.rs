//! Synthetic population files in the import format, for benchmarks and tests: families of
//! the demo generator, written the way a SIAK export looks (DD-MM-YYYY dates, region code
//! split into NO_PROP/NO_KAB/NO_KEC/NO_KEL, RT/RW without leading zeros), optionally with
//! some deliberately bad rows.

use crate::demo::population::{self, Serials};
use domain::population::Column;
use std::io::Write;

pub struct Options {
    pub rows: usize,
    /// How many rows to spoil, spread evenly over the file (each in one of several ways).
    pub bad_rows: usize,
    pub separator: u8,
    pub seed: u64,
    /// Kelurahan/desa codes to spread people over; empty: Kota Kupang's (the demo's).
    pub villages: Vec<String>,
}

/// What was written.
pub struct Written {
    pub rows: usize,
    pub bad_rows: usize,
    pub bytes: u64,
}

/// The ways a row is spoiled, in turn; each is refused by the import with its own reason.
const SPOILERS: usize = 7;

pub fn write(out: impl Write, opts: &Options) -> anyhow::Result<Written> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(opts.separator)
        .flexible(true)
        .from_writer(CountingWriter { inner: out, n: 0 });
    w.write_record(Column::ALL.iter().map(|c| c.header()))?;
    let mut serials = Serials::default();
    let villages: Vec<&str> = opts.villages.iter().map(String::as_str).collect();
    let every = opts.rows.checked_div(opts.bad_rows).map_or(usize::MAX, |n| n.max(1));
    let (mut written, mut spoiled, mut round) = (0usize, 0usize, 0u64);
    let mut previous: Vec<String> = Vec::new();
    while written < opts.rows {
        let n = (opts.rows - written).min(10_000);
        let batch = if villages.is_empty() {
            population::generate(n, opts.seed + round, &mut serials)
        } else {
            population::generate_in(n, opts.seed + round, &mut serials, &villages)
        };
        round += 1;
        for p in batch {
            if written == opts.rows {
                break;
            }
            let (day_month_year, code) = (
                p.birth_date.format("%d-%m-%Y").to_string(),
                p.kelurahan_code.split('.').map(|s| s.trim_start_matches('0').to_string()).collect::<Vec<_>>(),
            );
            let sex = if p.sex == domain::Sex::Perempuan { "PEREMPUAN" } else { "LAKI-LAKI" };
            let part = |i: usize| code.get(i).cloned().unwrap_or_default();
            let mut row: Vec<String> = Column::ALL
                .iter()
                .map(|c| match c {
                    Column::Nik => p.nik.to_string(),
                    Column::NoKk => p.no_kk.as_str().to_string(),
                    Column::Nama => p.name.clone(),
                    Column::TempatLahir => p.birth_place.clone(),
                    Column::TanggalLahir => day_month_year.clone(),
                    Column::JenisKelamin => sex.into(),
                    Column::Agama => p.religion.clone(),
                    Column::StatusKawin => p.marital_status.clone(),
                    Column::Pekerjaan => p.occupation.clone(),
                    Column::HubunganKeluarga => p.family_relation.clone(),
                    Column::NamaIbu => p.mother_name.clone(),
                    Column::Alamat => p.address.clone(),
                    Column::Rt => p.rt.trim_start_matches('0').to_string(),
                    Column::Rw => p.rw.trim_start_matches('0').to_string(),
                    Column::NoProp => part(0),
                    Column::NoKab => part(1),
                    Column::NoKec => part(2),
                    Column::NoKel => part(3),
                    Column::Kewarganegaraan => p.citizenship.clone(),
                })
                .collect();
            if spoiled < opts.bad_rows && written % every == every - 1 {
                spoil(&mut row, spoiled % SPOILERS, &previous);
                spoiled += 1;
            }
            w.write_record(&row)?;
            previous = row;
            written += 1;
        }
    }
    w.flush()?;
    let bytes = w.get_ref().n;
    Ok(Written { rows: written, bad_rows: spoiled, bytes })
}

fn spoil(row: &mut Vec<String>, how: usize, previous: &[String]) {
    let at = |c: Column| Column::ALL.iter().position(|x| *x == c).unwrap_or(0);
    match how {
        // The NIK's birth date disagrees with TGL_LHR.
        0 => row[at(Column::TanggalLahir)] = "01-01-1901".into(),
        // A kelurahan that does not exist.
        1 => row[at(Column::NoKel)] = "1999".into(),
        2 => row[at(Column::Agama)] = "TIDAK DIISI".into(),
        3 => row[at(Column::NoKk)].truncate(10),
        // The row before, once more (the same NIK twice).
        4 if !previous.is_empty() => *row = previous.to_vec(),
        5 => row[at(Column::NamaIbu)].clear(),
        _ => {
            row.pop();
        }
    }
}

struct CountingWriter<W> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
