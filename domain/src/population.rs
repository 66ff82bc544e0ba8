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

use crate::nik::{Nik, NoKk, Sex, mask};
use chrono::NaiveDate;
use std::fmt;

/// One column of the import format. Canonical header names are SIAK's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Nik,
    NoKk,
    Nama,
    TempatLahir,
    TanggalLahir,
    JenisKelamin,
    Agama,
    StatusKawin,
    Pekerjaan,
    HubunganKeluarga,
    NamaIbu,
    Alamat,
    Rt,
    Rw,
    NoProp,
    NoKab,
    NoKec,
    NoKel,
    Kewarganegaraan,
}

const COLUMNS: usize = 19;

impl Column {
    /// Every column, in SIAK's order.
    pub const ALL: [Column; COLUMNS] = [
        Column::Nik,
        Column::NoKk,
        Column::Nama,
        Column::TempatLahir,
        Column::TanggalLahir,
        Column::JenisKelamin,
        Column::Agama,
        Column::StatusKawin,
        Column::Pekerjaan,
        Column::HubunganKeluarga,
        Column::NamaIbu,
        Column::Alamat,
        Column::Rt,
        Column::Rw,
        Column::NoProp,
        Column::NoKab,
        Column::NoKec,
        Column::NoKel,
        Column::Kewarganegaraan,
    ];

    /// The canonical (SIAK) header name.
    pub fn header(self) -> &'static str {
        match self {
            Column::Nik => "NIK",
            Column::NoKk => "NO_KK",
            Column::Nama => "NAMA_LGKP",
            Column::TempatLahir => "TMPT_LHR",
            Column::TanggalLahir => "TGL_LHR",
            Column::JenisKelamin => "JENIS_KLMIN",
            Column::Agama => "AGAMA",
            Column::StatusKawin => "STAT_KWN",
            Column::Pekerjaan => "JENIS_PKRJN",
            Column::HubunganKeluarga => "STAT_HBKEL",
            Column::NamaIbu => "NAMA_LGKP_IBU",
            Column::Alamat => "ALAMAT",
            Column::Rt => "NO_RT",
            Column::Rw => "NO_RW",
            Column::NoProp => "NO_PROP",
            Column::NoKab => "NO_KAB",
            Column::NoKec => "NO_KEC",
            Column::NoKel => "NO_KEL",
            Column::Kewarganegaraan => "KWRNGRN",
        }
    }

    /// Other accepted header spellings, in normalised form (upper case, words joined by `_`).
    /// Headers are matched case-insensitively after trimming, with spaces, hyphens and dots
    /// treated as `_` (so "Tanggal Lahir", "tanggal-lahir" and "No. KK" are found).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Nik => &[],
            Column::NoKk => &["NKK", "NOMOR_KK", "NO_KARTU_KELUARGA"],
            Column::Nama => &["NAMA", "NAMA_LENGKAP"],
            Column::TempatLahir => &["TEMPAT_LAHIR"],
            Column::TanggalLahir => &["TANGGAL_LAHIR", "TGL_LAHIR"],
            Column::JenisKelamin => &["JENIS_KELAMIN", "JK", "SEX"],
            Column::Agama => &[],
            Column::StatusKawin => &["STATUS_KAWIN", "STATUS_PERKAWINAN"],
            Column::Pekerjaan => &["PEKERJAAN"],
            Column::HubunganKeluarga => &["SHDK", "HUBUNGAN_KELUARGA", "STATUS_HUBUNGAN_DALAM_KELUARGA"],
            Column::NamaIbu => &["NAMA_IBU"],
            Column::Alamat => &[],
            Column::Rt => &["RT"],
            Column::Rw => &["RW"],
            Column::NoProp => &[],
            Column::NoKab => &[],
            Column::NoKec => &[],
            Column::NoKel => &[],
            Column::Kewarganegaraan => &["KEWARGANEGARAAN", "WARGANEGARA"],
        }
    }

    /// Everything but KWRNGRN is required (a missing KWRNGRN column means WNI).
    pub fn required(self) -> bool {
        self != Column::Kewarganegaraan
    }

    /// A short Indonesian label for people.
    pub fn label(self) -> &'static str {
        match self {
            Column::Nik => "NIK",
            Column::NoKk => "No. KK",
            Column::Nama => "Nama lengkap",
            Column::TempatLahir => "Tempat lahir",
            Column::TanggalLahir => "Tanggal lahir",
            Column::JenisKelamin => "Jenis kelamin",
            Column::Agama => "Agama",
            Column::StatusKawin => "Status perkawinan",
            Column::Pekerjaan => "Pekerjaan",
            Column::HubunganKeluarga => "Hubungan dalam keluarga",
            Column::NamaIbu => "Nama ibu",
            Column::Alamat => "Alamat",
            Column::Rt => "RT",
            Column::Rw => "RW",
            Column::NoProp => "Kode provinsi",
            Column::NoKab => "Kode kabupaten/kota",
            Column::NoKec => "Kode kecamatan",
            Column::NoKel => "Kode kelurahan",
            Column::Kewarganegaraan => "Kewarganegaraan",
        }
    }

    /// The column a header name stands for, by its canonical name or an alias (see [`Column::aliases`]).
    pub fn from_header(name: &str) -> Option<Column> {
        let key = normalise_header(name);
        Column::ALL.into_iter().find(|c| c.header() == key || c.aliases().contains(&key.as_str()))
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// "  Tanggal-Lahir " → "TANGGAL_LAHIR", "No. KK" → "NO_KK".
fn normalise_header(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for ch in name.trim().chars() {
        if ch == '_' || ch == '-' || ch == '.' || ch.is_whitespace() {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(ch.to_ascii_uppercase());
        }
    }
    out
}

/// Where each column sits in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    positions: [Option<usize>; COLUMNS],
    /// Header names that are not recognised (as written, trimmed), kept for an info line.
    /// Empty header cells are not listed.
    pub ignored: Vec<String>,
    /// Number of fields in the header; every data row must have exactly this many.
    pub width: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// The canonical names of every missing required column, joined with ", ".
    #[error("kolom wajib tidak ada di baris judul: {0}")]
    Missing(String),
    /// The canonical name of a column found twice (possibly under two spellings).
    #[error("kolom {0} muncul lebih dari sekali di baris judul")]
    Duplicate(String),
}

impl Header {
    /// Reads the header row, already split into fields. A UTF-8 BOM on the first field is
    /// stripped; fields are trimmed.
    pub fn parse(fields: &[&str]) -> Result<Header, HeaderError> {
        let mut positions = [None; COLUMNS];
        let mut ignored = Vec::new();
        for (i, raw) in fields.iter().enumerate() {
            let raw = if i == 0 { raw.strip_prefix('\u{feff}').unwrap_or(raw) } else { raw };
            let name = raw.trim();
            match Column::from_header(name) {
                Some(c) if positions[c.index()].is_some() => {
                    return Err(HeaderError::Duplicate(c.header().to_owned()));
                }
                Some(c) => positions[c.index()] = Some(i),
                None if name.is_empty() => {}
                None => ignored.push(name.to_owned()),
            }
        }
        let missing: Vec<&str> = Column::ALL
            .into_iter()
            .filter(|c| c.required() && positions[c.index()].is_none())
            .map(Column::header)
            .collect();
        if !missing.is_empty() {
            return Err(HeaderError::Missing(missing.join(", ")));
        }
        Ok(Header { positions, ignored, width: fields.len() })
    }

    /// The field index of a column, `None` if the file does not have it (only KWRNGRN may be absent).
    pub fn position(&self, c: Column) -> Option<usize> {
        self.positions[c.index()]
    }
}

/// Guesses the separator from the header line: `b';'` or `b','`, whichever occurs more
/// outside double quotes (`;` on a tie). Stops at the end of the first line.
pub fn detect_separator(header_line: &[u8]) -> u8 {
    let (mut semicolons, mut commas, mut quoted) = (0usize, 0usize, false);
    for &b in header_line {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons { b',' } else { b';' }
}

/// Strips a UTF-8 BOM (EF BB BF) if present.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// What the validator knows of the deployment's regions, built once from the kelurahan office
/// codes like "53.71.04.1001" (province.kab/kota.kecamatan.kelurahan).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regions {
    /// 4-digit kab/kota codes as numbers (5371), sorted.
    kabkota: Vec<u32>,
    /// 6-digit kecamatan codes as numbers (537104), sorted.
    kecamatan: Vec<u32>,
    /// 10-digit kelurahan codes as numbers (5371041001), sorted.
    kelurahan: Vec<u64>,
}

impl Regions {
    /// Codes that are not of the form `PP.KK.CC.LLLL` (digits; shorter parts are read as
    /// zero-padded) are skipped: office codes are checked where offices are configured.
    pub fn from_kelurahan<'a>(codes: impl IntoIterator<Item = &'a str>) -> Regions {
        let mut r = Regions::default();
        for (p, k, c, l) in codes.into_iter().filter_map(parse_kelurahan_code) {
            r.kabkota.push(kabkota_key(p, k));
            r.kecamatan.push(kecamatan_key(p, k, c));
            r.kelurahan.push(kelurahan_key(p, k, c, l));
        }
        for v in [&mut r.kabkota, &mut r.kecamatan] {
            v.sort_unstable();
            v.dedup();
        }
        r.kelurahan.sort_unstable();
        r.kelurahan.dedup();
        r
    }

    /// Whether `code` ("53.71.04.1001") is one of the deployment's kelurahan.
    pub fn kelurahan_known(&self, code: &str) -> bool {
        parse_kelurahan_code(code).is_some_and(|(p, k, c, l)| self.knows_kelurahan(p, k, c, l))
    }

    fn knows_kelurahan(&self, p: u32, k: u32, c: u32, l: u32) -> bool {
        self.kelurahan.binary_search(&kelurahan_key(p, k, c, l)).is_ok()
    }
    fn knows_kabkota(&self, kabkota4: u32) -> bool {
        self.kabkota.binary_search(&kabkota4).is_ok()
    }
    fn knows_kecamatan(&self, kecamatan6: u32) -> bool {
        self.kecamatan.binary_search(&kecamatan6).is_ok()
    }
}

fn kabkota_key(p: u32, k: u32) -> u32 {
    p * 100 + k
}
fn kecamatan_key(p: u32, k: u32, c: u32) -> u32 {
    kabkota_key(p, k) * 100 + c
}
fn kelurahan_key(p: u32, k: u32, c: u32, l: u32) -> u64 {
    u64::from(kecamatan_key(p, k, c)) * 10_000 + u64::from(l)
}

fn parse_kelurahan_code(code: &str) -> Option<(u32, u32, u32, u32)> {
    let mut parts = code.trim().split('.');
    let mut next = |max_digits| digits(parts.next()?, max_digits);
    let parsed = (next(2)?, next(2)?, next(2)?, next(4)?);
    parts.next().is_none().then_some(parsed)
}

/// A non-empty run of at most `max_digits` ASCII digits, as a number.
fn digits(s: &str, max_digits: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Real province codes (Kemendagri), including the Papua provinces formed in 2022.
const PROVINCES: [u8; 38] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75,
    76, 81, 82, 91, 92, 93, 94, 95, 96,
];

/// Canonical religions (SIAK codes 1..=7 in this order).
pub const RELIGIONS: &[&str] =
    &["ISLAM", "KRISTEN", "KATHOLIK", "HINDU", "BUDDHA", "KHONGHUCU", "KEPERCAYAAN TERHADAP TUHAN YME"];

/// Canonical marital statuses. SIAK's numeric codes 1..=4 stand for BELUM KAWIN, KAWIN,
/// CERAI HIDUP and CERAI MATI.
pub const MARITAL_STATUSES: &[&str] = &[
    "BELUM KAWIN",
    "KAWIN",
    "KAWIN TERCATAT",
    "KAWIN BELUM TERCATAT",
    "CERAI HIDUP",
    "CERAI HIDUP TERCATAT",
    "CERAI HIDUP BELUM TERCATAT",
    "CERAI MATI",
];

/// Canonical relations to the head of the family (SIAK codes 1..=11 in this order).
pub const FAMILY_RELATIONS: &[&str] = &[
    "KEPALA KELUARGA",
    "SUAMI",
    "ISTRI",
    "ANAK",
    "MENANTU",
    "CUCU",
    "ORANG TUA",
    "MERTUA",
    "FAMILI LAIN",
    "PEMBANTU",
    "LAINNYA",
];

/// Canonical citizenships (codes 1 and 2).
pub const CITIZENSHIPS: &[&str] = &["WNI", "WNA"];

/// The accepted values of an enumerated column.
struct Choices {
    /// Canonical values, shown when a value is not recognised.
    canonical: &'static [&'static str],
    /// Other spellings and their canonical value.
    aliases: &'static [(&'static str, &'static str)],
    /// SIAK's numeric codes: code `n` stands for `numeric[n - 1]`.
    numeric: &'static [&'static str],
}

const SEXES: Choices = Choices {
    canonical: &["L", "P"],
    aliases: &[("LAKI-LAKI", "L"), ("LAKI LAKI", "L"), ("PRIA", "L"), ("PEREMPUAN", "P"), ("WANITA", "P")],
    numeric: &["L", "P"],
};

const RELIGION_CHOICES: Choices = Choices {
    canonical: RELIGIONS,
    aliases: &[
        ("PROTESTAN", "KRISTEN"),
        ("KRISTEN PROTESTAN", "KRISTEN"),
        ("KATOLIK", "KATHOLIK"),
        ("BUDHA", "BUDDHA"),
        ("KONGHUCU", "KHONGHUCU"),
        ("KHONG HU CU", "KHONGHUCU"),
        ("KEPERCAYAAN", "KEPERCAYAAN TERHADAP TUHAN YME"),
        ("KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA", "KEPERCAYAAN TERHADAP TUHAN YME"),
    ],
    numeric: RELIGIONS,
};

const MARITAL_CHOICES: Choices = Choices {
    canonical: MARITAL_STATUSES,
    aliases: &[],
    numeric: &["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"],
};

const RELATION_CHOICES: Choices = Choices { canonical: FAMILY_RELATIONS, aliases: &[], numeric: FAMILY_RELATIONS };

const CITIZENSHIP_CHOICES: Choices = Choices { canonical: CITIZENSHIPS, aliases: &[], numeric: CITIZENSHIPS };

impl Choices {
    /// The canonical value `value` (trimmed, without control characters) stands for.
    fn find(&self, value: &str) -> Option<&'static str> {
        if value.len() <= 2 && value.bytes().all(|b| b.is_ascii_digit()) {
            let n: usize = value.parse().ok()?;
            return n.checked_sub(1).and_then(|i| self.numeric.get(i)).copied();
        }
        let canonical = self.canonical.iter().copied().find(|c| loose_eq(value, c));
        canonical.or_else(|| self.aliases.iter().find(|(alias, _)| loose_eq(value, alias)).map(|&(_, c)| c))
    }

    fn unknown(&self, value: &str) -> String {
        format!("nilai \"{}\" tidak dikenal; gunakan salah satu dari: {}", shown(value), self.canonical.join(", "))
    }
}

/// Whether `input` equals `canonical` (ASCII upper case, single spaces) ignoring ASCII case
/// and with any run of whitespace standing for one space. Does not allocate.
fn loose_eq(input: &str, canonical: &str) -> bool {
    let mut want = canonical.bytes();
    let mut gap = false;
    for ch in input.chars() {
        if ch.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && want.next() != Some(b' ') {
            return false;
        }
        gap = false;
        if !ch.is_ascii() || want.next() != Some(ch.to_ascii_uppercase() as u8) {
            return false;
        }
    }
    want.next().is_none()
}

/// A value as it may appear in a reason: long runs of digits (identity numbers in the wrong
/// column) are masked, and the result is cut to 40 characters ("…" marks the cut).
fn shown(value: &str) -> String {
    const MAX: usize = 40;
    let mut masked = String::with_capacity(value.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 8 {
            out.push_str(&mask(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for ch in value.chars() {
        if ch.is_ascii_digit() {
            run.push(ch);
        } else {
            flush(&mut run, &mut masked);
            masked.push(ch);
        }
    }
    flush(&mut run, &mut masked);
    match masked.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &masked[..cut]),
        None => masked,
    }
}

/// Copies `s` with every run of whitespace made one space (`s` is already trimmed).
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for ch in s.chars() {
        if ch.is_whitespace() {
            gap = true;
        } else {
            if gap {
                out.push(' ');
            }
            gap = false;
            out.push(ch);
        }
    }
    out
}

/// "15-05-1990", "15/05/1990", "5-1-1990", "1990-05-15" (also with `/`). The same separator
/// must be used twice; the year has four digits.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let sep = *s.as_bytes().iter().find(|b| !b.is_ascii_digit())?;
    if sep != b'-' && sep != b'/' {
        return None;
    }
    let mut parts = s.split(sep as char);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (y, m, d) = if a.len() == 4 {
        (a, b, c)
    } else if c.len() == 4 {
        (c, b, a)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(digits(y, 4)? as i32, digits(m, 2)?, digits(d, 2)?)
}

/// A valid row, normalised, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub nik: Nik,
    pub no_kk: NoKk,
    /// Trimmed, runs of whitespace made one space (likewise the other free-text fields).
    pub name: String,
    pub birth_place: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// One of [`RELIGIONS`].
    pub religion: &'static str,
    /// One of [`MARITAL_STATUSES`].
    pub marital_status: &'static str,
    pub occupation: String,
    /// One of [`CITIZENSHIPS`].
    pub citizenship: &'static str,
    pub address: String,
    /// Three digits, zero-padded: "1" → "001".
    pub rt: String,
    /// Three digits, zero-padded.
    pub rw: String,
    /// "53.71.04.1001", from NO_PROP.NO_KAB.NO_KEC.NO_KEL, each zero-padded.
    pub kelurahan_code: String,
    /// One of [`FAMILY_RELATIONS`].
    pub family_relation: &'static str,
    pub mother_name: String,
}

impl Person {
    /// Appends this person as a JSON array of 16 strings, in the order of the record's columns
    /// (nik, no_kk, name, birth_place, birth_date, sex, religion, marital_status, occupation,
    /// citizenship, address, rt, rw, kelurahan_code, family_relation, mother_name). The import
    /// sends thousands of these in one parameter.
    pub fn push_json(&self, out: &mut String) {
        use std::fmt::Write;
        let mut date = String::with_capacity(10);
        let _ = write!(date, "{}", self.birth_date.format("%Y-%m-%d"));
        let values: [&str; 16] = [
            self.nik.as_str(),
            self.no_kk.as_str(),
            &self.name,
            &self.birth_place,
            &date,
            self.sex.code(),
            self.religion,
            self.marital_status,
            &self.occupation,
            self.citizenship,
            &self.address,
            &self.rt,
            &self.rw,
            &self.kelurahan_code,
            self.family_relation,
            &self.mother_name,
        ];
        out.push('[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json_string(out, v);
        }
        out.push(']');
    }
}

fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                use std::fmt::Write;
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The people as one JSON array of arrays (see [`Person::push_json`]).
pub fn people_json(people: &[Person]) -> String {
    let mut out = String::with_capacity(people.len() * 256 + 2);
    out.push('[');
    for (i, p) in people.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        p.push_json(&mut out);
    }
    out.push(']');
    out
}

/// One reason a row is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `None`: the row as a whole.
    pub column: Option<Column>,
    /// Indonesian, starts lowercase (except for names like "NIK" and "No. KK"), no trailing period.
    pub reason: String,
}

impl fmt::Display for Problem {
    /// "Tanggal lahir: tanggal lahir di masa depan", or just the reason for the whole row.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}: {}", c.label(), self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

const MAX_NAME: usize = 100;
const MAX_ADDRESS: usize = 200;
const INVALID_DATE: &str = "tanggal tidak valid (gunakan HH-BB-TTTT, misalnya 15-05-1990)";

/// Validates one data row (fields as split by the CSV reader). Returns every problem of the
/// row, in column order, not just the first.
pub fn validate(fields: &[&str], header: &Header, regions: &Regions, today: NaiveDate) -> Result<Person, Vec<Problem>> {
    if fields.len() != header.width {
        return Err(vec![Problem {
            column: None,
            reason: format!("baris ini berisi {} kolom, seharusnya {}", fields.len(), header.width),
        }]);
    }
    let mut row = Row { fields, header, problems: Vec::new() };

    let nik = row.required(Column::Nik).and_then(|v| row.parsed(Column::Nik, Nik::parse(v)));
    if let Some(nik) = &nik
        && let Some(reason) = region_problem(nik.as_str(), "NIK", regions)
    {
        row.fail(Column::Nik, reason);
    }
    let no_kk = row.required(Column::NoKk).and_then(|v| row.parsed(Column::NoKk, NoKk::parse(v)));
    if let Some(kk) = &no_kk
        && let Some(reason) = region_problem(kk.as_str(), "No. KK", regions)
    {
        row.fail(Column::NoKk, reason);
    }
    let name = row.text(Column::Nama, MAX_NAME, true);
    let birth_place = row.text(Column::TempatLahir, MAX_NAME, true);
    let birth_date = row.birth_date(today);
    let sex = row.choice(Column::JenisKelamin, &SEXES).and_then(Sex::from_code);
    if let (Some(nik), Some(birth), Some(sex)) = (&nik, birth_date, sex) {
        for e in nik.check_against(birth, sex) {
            row.fail(Column::Nik, e.to_string());
        }
    }
    let religion = row.choice(Column::Agama, &RELIGION_CHOICES);
    let marital_status = row.choice(Column::StatusKawin, &MARITAL_CHOICES);
    let occupation = row.text(Column::Pekerjaan, MAX_NAME, false);
    let family_relation = row.choice(Column::HubunganKeluarga, &RELATION_CHOICES);
    let mother_name = row.text(Column::NamaIbu, MAX_NAME, true);
    let address = row.text(Column::Alamat, MAX_ADDRESS, false);
    let rt = row.rt_rw(Column::Rt);
    let rw = row.rt_rw(Column::Rw);
    let kelurahan_code = row.kelurahan(regions);
    let citizenship = match header.position(Column::Kewarganegaraan) {
        None => Some(CITIZENSHIPS[0]),
        Some(_) => row.choice(Column::Kewarganegaraan, &CITIZENSHIP_CHOICES),
    };

    if !row.problems.is_empty() {
        let mut problems = row.problems;
        problems.sort_by_key(|p| p.column.map_or(0, |c| c.index() + 1));
        return Err(problems);
    }
    let (
        Some(nik),
        Some(no_kk),
        Some(name),
        Some(birth_place),
        Some(birth_date),
        Some(sex),
        Some(religion),
        Some(marital_status),
        Some(occupation),
        Some(citizenship),
        Some(address),
        Some(rt),
        Some(rw),
        Some(kelurahan_code),
        Some(family_relation),
        Some(mother_name),
    ) = (
        nik,
        no_kk,
        name,
        birth_place,
        birth_date,
        sex,
        religion,
        marital_status,
        occupation,
        citizenship,
        address,
        rt,
        rw,
        kelurahan_code,
        family_relation,
        mother_name,
    )
    else {
        // Every refused field has reported its problem above; this is only a safety net.
        debug_assert!(false, "a field was refused without a problem");
        return Err(vec![Problem { column: None, reason: "baris ini tidak dapat diperiksa".into() }]);
    };
    Ok(Person {
        nik,
        no_kk,
        name,
        birth_place,
        birth_date,
        sex,
        religion,
        marital_status,
        occupation,
        citizenship,
        address,
        rt,
        rw,
        kelurahan_code,
        family_relation,
        mother_name,
    })
}

/// The province and local-kecamatan checks of a NIK or KK number (16 digits, shape already
/// checked). People move, so only numbers of this deployment's own kab/kota are held to its
/// kecamatan. The reason names the kab/kota code, never the number.
fn region_problem(number: &str, what: &str, regions: &Regions) -> Option<String> {
    let b = number.as_bytes();
    let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    let province = two(0);
    if !PROVINCES.iter().any(|&p| u32::from(p) == province) {
        return Some(format!("kode provinsi pada {what} tidak dikenal"));
    }
    let kabkota = province * 100 + two(2);
    if regions.knows_kabkota(kabkota) && !regions.knows_kecamatan(kabkota * 100 + two(4)) {
        return Some(format!("kode kecamatan pada {what} tidak dikenal di {kabkota:04}"));
    }
    None
}

/// One row being checked: its fields and the problems found so far.
struct Row<'a> {
    fields: &'a [&'a str],
    header: &'a Header,
    problems: Vec<Problem>,
}

impl<'a> Row<'a> {
    fn fail(&mut self, c: Column, reason: impl Into<String>) {
        self.problems.push(Problem { column: Some(c), reason: reason.into() });
    }

    fn parsed<T, E: fmt::Display>(&mut self, c: Column, result: Result<T, E>) -> Option<T> {
        result.map_err(|e| self.fail(c, e.to_string())).ok()
    }

    /// The trimmed value of a column, or `None` (with a problem) when it is empty or holds
    /// control characters. `None` without a problem only for a column the header lacks.
    fn required(&mut self, c: Column) -> Option<&'a str> {
        let value = self.fields.get(self.header.position(c)?)?.trim();
        if value.is_empty() {
            self.fail(c, "wajib diisi");
            None
        } else if value.chars().any(char::is_control) {
            self.fail(c, "berisi karakter kendali");
            None
        } else {
            Some(value)
        }
    }

    fn text(&mut self, c: Column, max: usize, needs_letter: bool) -> Option<String> {
        let value = collapse_spaces(self.required(c)?);
        if value.len() > max && value.chars().count() > max {
            self.fail(c, format!("paling banyak {max} karakter"));
            None
        } else if needs_letter && !value.chars().any(char::is_alphabetic) {
            self.fail(c, "harus berisi huruf");
            None
        } else {
            Some(value)
        }
    }

    fn choice(&mut self, c: Column, choices: &Choices) -> Option<&'static str> {
        let value = self.required(c)?;
        let found = choices.find(value);
        if found.is_none() {
            self.fail(c, choices.unknown(value));
        }
        found
    }

    fn birth_date(&mut self, today: NaiveDate) -> Option<NaiveDate> {
        let c = Column::TanggalLahir;
        let Some(date) = parse_date(self.required(c)?) else {
            self.fail(c, INVALID_DATE);
            return None;
        };
        if date > today {
            self.fail(c, "tanggal lahir di masa depan");
        } else if date < NaiveDate::from_ymd_opt(1900, 1, 1)? {
            self.fail(c, "tanggal lahir sebelum 1900");
        }
        Some(date)
    }

    /// RT and RW: 1 to 3 digits, not zero, stored zero-padded to three.
    fn rt_rw(&mut self, c: Column) -> Option<String> {
        let value = self.required(c)?;
        match digits(value, 3) {
            Some(n) if n > 0 => Some(format!("{n:03}")),
            _ => {
                self.fail(c, "harus angka 1–999");
                None
            }
        }
    }

    fn code_part(&mut self, c: Column, max_digits: usize) -> Option<u32> {
        let value = self.required(c)?;
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            self.fail(c, "harus berupa angka");
            None
        } else if value.len() > max_digits {
            self.fail(c, format!("paling banyak {max_digits} angka"));
            None
        } else {
            value.parse().ok()
        }
    }

    fn kelurahan(&mut self, regions: &Regions) -> Option<String> {
        let p = self.code_part(Column::NoProp, 2);
        let k = self.code_part(Column::NoKab, 2);
        let c = self.code_part(Column::NoKec, 2);
        let l = self.code_part(Column::NoKel, 4);
        let (p, k, c, l) = (p?, k?, c?, l?);
        let code = format!("{p:02}.{k:02}.{c:02}.{l:04}");
        if regions.knows_kelurahan(p, k, c, l) {
            Some(code)
        } else {
            self.fail(Column::NoKel, format!("kelurahan {code} tidak dikenal di Serambi ini"));
            None
        }
    }
}

/// Registration answers: equal ignoring case and all whitespace
/// ("maria  goreti" == "MARIA GORETI" == "Maria Goreti"). Does not allocate.
pub fn same_name(a: &str, b: &str) -> bool {
    fn fold(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase)
    }
    fold(a).eq(fold(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2025, 6, 1);
    const NIK: &str = "5371045505900001";
    const KK: &str = "5371041203150007";

    /// Kota Kupang's six kecamatan, a few kelurahan each.
    fn kupang() -> Regions {
        let codes: Vec<String> =
            (1..=6).flat_map(|kec| (1001..=1003).map(move |kel| format!("53.71.{kec:02}.{kel}"))).collect();
        Regions::from_kelurahan(codes.iter().map(String::as_str))
    }

    fn siak_header() -> Header {
        Header::parse(&Column::ALL.map(Column::header)).unwrap()
    }

    /// A good row in SIAK's column order.
    fn good() -> [&'static str; COLUMNS] {
        [
            NIK,
            KK,
            "MARIA  GORETI",
            "KUPANG",
            "15-05-1990",
            "P",
            "katolik",
            "2",
            "GURU",
            "3",
            "YOHANA SERAN",
            "JL. SOEKARNO NO. 5",
            "1",
            "02",
            "53",
            "71",
            "4",
            "1001",
            "wni",
        ]
    }

    fn expected_person() -> Person {
        Person {
            nik: Nik::parse(NIK).unwrap(),
            no_kk: NoKk::parse(KK).unwrap(),
            name: "MARIA GORETI".into(),
            birth_place: "KUPANG".into(),
            birth_date: date(1990, 5, 15),
            sex: Sex::Perempuan,
            religion: "KATHOLIK",
            marital_status: "KAWIN",
            occupation: "GURU".into(),
            citizenship: "WNI",
            address: "JL. SOEKARNO NO. 5".into(),
            rt: "001".into(),
            rw: "002".into(),
            kelurahan_code: "53.71.04.1001".into(),
            family_relation: "ISTRI",
            mother_name: "YOHANA SERAN".into(),
        }
    }

    fn row_with<'a>(changes: &[(Column, &'a str)]) -> Vec<&'a str> {
        let mut row: Vec<&'a str> = good().to_vec();
        for &(c, v) in changes {
            row[c.index()] = v;
        }
        row
    }

    fn check(row: &[&str]) -> Result<Person, Vec<Problem>> {
        let (y, m, d) = TODAY;
        validate(row, &siak_header(), &kupang(), date(y, m, d))
    }

    fn problems_with(changes: &[(Column, &str)]) -> Vec<Problem> {
        match check(&row_with(changes)) {
            Ok(p) => panic!("{changes:?} was accepted as {p:?}"),
            Err(problems) => problems,
        }
    }

    fn on(c: Column, reason: &str) -> Problem {
        Problem { column: Some(c), reason: reason.to_owned() }
    }

    #[test]
    fn a_header_in_siak_order_finds_every_column() {
        let header = siak_header();
        for (i, c) in Column::ALL.into_iter().enumerate() {
            assert_eq!(header.position(c), Some(i), "{c:?}");
        }
        assert!(header.ignored.is_empty());
        assert_eq!(header.width, 19);
    }

    #[test]
    fn a_shuffled_header_with_aliases_lowercase_and_a_bom_is_understood() {
        let fields = [
            "\u{feff}nama",
            "Keterangan",
            " nik ",
            "Nomor-KK",
            "tempat lahir",
            "Tgl_Lahir",
            "JK",
            "agama",
            "Status Perkawinan",
            "pekerjaan",
            "shdk",
            "Nama Ibu",
            "alamat",
            "No. RT",
            "rw",
            "no_prop",
            "NO_KAB",
            "no kec",
            "no-kel",
            "",
        ];
        let header = Header::parse(&fields).unwrap();
        assert_eq!(header.width, 20);
        assert_eq!(header.ignored, vec!["Keterangan".to_string()]);
        assert_eq!(header.position(Column::Nama), Some(0));
        assert_eq!(header.position(Column::Nik), Some(2));
        assert_eq!(header.position(Column::NoKk), Some(3));
        assert_eq!(header.position(Column::Rt), Some(13));
        assert_eq!(header.position(Column::NoKel), Some(18));
        assert_eq!(header.position(Column::Kewarganegaraan), None);

        // The same person, written in this order, comes out the same (a missing KWRNGRN is WNI).
        let g = good();
        let at = |c: Column| g[c.index()];
        let mut row: Vec<&str> = vec![""; 20];
        for (i, name) in fields.iter().enumerate() {
            if let Some(c) = Column::from_header(name.trim_start_matches('\u{feff}')) {
                row[i] = at(c);
            }
        }
        row[1] = "pindahan 2019";
        let (y, m, d) = TODAY;
        assert_eq!(validate(&row, &header, &kupang(), date(y, m, d)), Ok(expected_person()));
    }

    #[test]
    fn missing_required_columns_are_all_named() {
        let fields: Vec<&str> = Column::ALL
            .into_iter()
            .filter(|c| !matches!(c, Column::NoKk | Column::TanggalLahir | Column::Kewarganegaraan))
            .map(Column::header)
            .collect();
        let err = Header::parse(&fields).unwrap_err();
        assert_eq!(err, HeaderError::Missing("NO_KK, TGL_LHR".into()));
        assert_eq!(err.to_string(), "kolom wajib tidak ada di baris judul: NO_KK, TGL_LHR");
        assert_eq!(Header::parse(&[]).unwrap_err().to_string().matches(", ").count(), 17);
    }

    #[test]
    fn a_column_given_twice_is_refused_even_under_two_spellings() {
        let mut fields: Vec<&str> = Column::ALL.map(Column::header).to_vec();
        fields.push("nkk");
        assert_eq!(Header::parse(&fields), Err(HeaderError::Duplicate("NO_KK".into())));
        let mut fields: Vec<&str> = Column::ALL.map(Column::header).to_vec();
        fields.push("NIK");
        assert_eq!(
            Header::parse(&fields).unwrap_err().to_string(),
            "kolom NIK muncul lebih dari sekali di baris judul"
        );
    }

    #[test]
    fn every_alias_finds_its_column_and_no_alias_is_shared() {
        for c in Column::ALL {
            assert_eq!(Column::from_header(c.header()), Some(c));
            assert_eq!(Column::from_header(&c.header().to_lowercase()), Some(c));
            for alias in c.aliases() {
                assert_eq!(Column::from_header(alias), Some(c), "{alias}");
                assert_eq!(normalise_header(alias), *alias, "aliases are written normalised");
            }
        }
        assert_eq!(Column::from_header("TANGGAL"), None);
        assert!(Column::ALL.iter().filter(|c| c.required()).count() == 18 && !Column::Kewarganegaraan.required());
    }

    #[test]
    fn the_separator_is_guessed_from_the_header_line() {
        assert_eq!(detect_separator(b"NIK;NO_KK;NAMA_LGKP;TMPT_LHR"), b';');
        assert_eq!(detect_separator(b"NIK,NO_KK,NAMA_LGKP,TMPT_LHR"), b',');
        assert_eq!(detect_separator(b"\"NAMA;LENGKAP;INI\",NIK,NO_KK\r\n"), b',');
        assert_eq!(detect_separator(b"NIK,NO_KK\nA;B;C;D;E"), b',', "only the first line counts");
        assert_eq!(detect_separator(b"NIK"), b';', "a tie is ';'");
        assert_eq!(strip_bom(b"\xEF\xBB\xBFNIK;NO_KK"), b"NIK;NO_KK");
        assert_eq!(strip_bom(b"NIK;NO_KK"), b"NIK;NO_KK");
        assert_eq!(strip_bom(b"\xEF\xBB"), b"\xEF\xBB");
    }

    #[test]
    fn regions_know_their_kelurahan_kecamatan_and_kota() {
        let r = Regions::from_kelurahan(["53.71.04.1001", "53.71.04.1008", "not a code", "53.71.4.1009"]);
        assert!(r.kelurahan_known("53.71.04.1001"));
        assert!(r.kelurahan_known("53.71.04.1009"), "parts are read zero-padded");
        assert!(!r.kelurahan_known("53.71.04.1002"));
        assert!(!r.kelurahan_known("53.71.04"));
        assert!(!r.kelurahan_known("53.71.04.1001.1"));
        assert!(r.knows_kabkota(5371) && r.knows_kecamatan(537104));
        assert!(!r.knows_kecamatan(537101) && !r.knows_kabkota(5372));
    }

    #[test]
    fn a_good_row_becomes_a_normalised_person() {
        assert_eq!(check(&good()), Ok(expected_person()));
    }

    #[test]
    fn numeric_codes_and_other_spellings_are_canonicalised() {
        let person = check(&row_with(&[
            (Column::JenisKelamin, "2"),
            (Column::Agama, "1"),
            (Column::StatusKawin, "1"),
            (Column::HubunganKeluarga, "1"),
            (Column::Kewarganegaraan, "1"),
        ]))
        .unwrap();
        assert_eq!(
            (person.sex, person.religion, person.marital_status, person.family_relation, person.citizenship),
            (Sex::Perempuan, "ISLAM", "BELUM KAWIN", "KEPALA KELUARGA", "WNI")
        );
        let codes = |c: Column, choices: &Choices| -> Vec<&'static str> {
            (1..=choices.numeric.len())
                .map(|n| check(&row_with(&[(c, n.to_string().as_str())])).map(|p| field(&p, c)).unwrap())
                .collect()
        };
        fn field(p: &Person, c: Column) -> &'static str {
            match c {
                Column::Agama => p.religion,
                Column::StatusKawin => p.marital_status,
                Column::HubunganKeluarga => p.family_relation,
                _ => p.citizenship,
            }
        }
        assert_eq!(codes(Column::Agama, &RELIGION_CHOICES), RELIGIONS);
        assert_eq!(codes(Column::StatusKawin, &MARITAL_CHOICES), ["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"]);
        assert_eq!(codes(Column::HubunganKeluarga, &RELATION_CHOICES), FAMILY_RELATIONS);
        assert_eq!(codes(Column::Kewarganegaraan, &CITIZENSHIP_CHOICES), ["WNI", "WNA"]);

        for (value, religion) in [
            ("Kristen Protestan", "KRISTEN"),
            ("protestan", "KRISTEN"),
            ("KATHOLIK", "KATHOLIK"),
            ("budha", "BUDDHA"),
            ("Khong  Hu Cu", "KHONGHUCU"),
            ("kepercayaan", "KEPERCAYAAN TERHADAP TUHAN YME"),
            (" hindu ", "HINDU"),
        ] {
            assert_eq!(check(&row_with(&[(Column::Agama, value)])).unwrap().religion, religion, "{value}");
        }
        for value in ["perempuan", "Wanita", "p"] {
            assert_eq!(check(&row_with(&[(Column::JenisKelamin, value)])).unwrap().sex, Sex::Perempuan);
        }
        for (c, value, want) in [
            (Column::StatusKawin, "cerai hidup belum tercatat", "CERAI HIDUP BELUM TERCATAT"),
            (Column::StatusKawin, "Kawin Tercatat", "KAWIN TERCATAT"),
            (Column::HubunganKeluarga, "famili lain", "FAMILI LAIN"),
            (Column::HubunganKeluarga, "ORANG  TUA", "ORANG TUA"),
            (Column::Kewarganegaraan, "WnA", "WNA"),
        ] {
            assert_eq!(field(&check(&row_with(&[(c, value)])).unwrap(), c), want, "{value}");
        }
    }

    #[test]
    fn a_mans_row_and_other_date_formats_are_accepted() {
        let man = row_with(&[
            (Column::Nik, "5371021208850003"),
            (Column::JenisKelamin, "Laki-Laki"),
            (Column::TanggalLahir, "1985-08-12"),
            (Column::Nama, "Yohanes  \u{a0} Bosco"),
            (Column::Rt, "012"),
            (Column::Rw, "999"),
            (Column::NoKec, "04"),
        ]);
        let p = check(&man).unwrap();
        assert_eq!((p.sex, p.birth_date, p.name.as_str()), (Sex::LakiLaki, date(1985, 8, 12), "Yohanes Bosco"));
        assert_eq!((p.rt.as_str(), p.rw.as_str(), p.kelurahan_code.as_str()), ("012", "999", "53.71.04.1001"));
        for sex in ["L", "laki laki", "PRIA", "1"] {
            let row = row_with(&[
                (Column::Nik, "5371021208850003"),
                (Column::JenisKelamin, sex),
                (Column::TanggalLahir, "12/8/1985"),
            ]);
            assert_eq!(check(&row).map(|p| p.sex), Ok(Sex::LakiLaki), "{sex}");
        }
        assert_eq!(parse_date("15-05-1990"), Some(date(1990, 5, 15)));
        assert_eq!(parse_date("15/05/1990"), Some(date(1990, 5, 15)));
        assert_eq!(parse_date("5-1-1990"), Some(date(1990, 1, 5)));
        assert_eq!(parse_date("1990-05-15"), Some(date(1990, 5, 15)));
        for bad in [
            "",
            "15-05-90",
            "15-05/1990",
            "15.05.1990",
            "1990-15-05",
            "31-04-1990",
            "15-05-1990-1",
            "-05-1990",
            "a-b-1990",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn free_text_near_its_limit_is_counted_in_characters() {
        let address = "é".repeat(MAX_ADDRESS);
        let name = "Ñ".repeat(MAX_NAME);
        let p = check(&row_with(&[(Column::Alamat, &address), (Column::NamaIbu, &name)])).unwrap();
        assert_eq!(p.address.chars().count(), 200);
        // Digits-only occupation and address are fine; names need a letter.
        assert!(check(&row_with(&[(Column::Pekerjaan, "12"), (Column::Alamat, "15")])).is_ok());
    }

    #[test]
    fn each_rule_refuses_its_column() {
        let long101 = "A".repeat(101);
        let long201 = "B".repeat(201);
        let cases: Vec<(Column, &str, String)> = vec![
            (Column::Nik, "", "wajib diisi".into()),
            (Column::Nik, "53710455059000", "NIK harus terdiri dari 16 angka".into()),
            (Column::Nik, "5371043205900001", "tanggal lahir pada NIK tidak valid".into()),
            (Column::Nik, "9971045505900001", "kode wilayah pada NIK tidak valid".into()),
            (Column::Nik, "2071045505900001", "kode provinsi pada NIK tidak dikenal".into()),
            (Column::Nik, "5371095505900001", "kode kecamatan pada NIK tidak dikenal di 5371".into()),
            (Column::NoKk, "537104120315", "No. KK harus terdiri dari 16 angka".into()),
            (Column::NoKk, "2071041203150007", "kode provinsi pada No. KK tidak dikenal".into()),
            (Column::NoKk, "5371091203150007", "kode kecamatan pada No. KK tidak dikenal di 5371".into()),
            (Column::Nama, "", "wajib diisi".into()),
            (Column::Nama, " \t ", "wajib diisi".into()),
            (Column::Nama, &long101, "paling banyak 100 karakter".into()),
            (Column::Nama, "12345", "harus berisi huruf".into()),
            (Column::Nama, "MARIA\u{7}GORETI", "berisi karakter kendali".into()),
            (Column::Nama, "MARIA\nGORETI", "berisi karakter kendali".into()),
            (Column::TempatLahir, "-", "harus berisi huruf".into()),
            (Column::TempatLahir, &long101, "paling banyak 100 karakter".into()),
            (Column::NamaIbu, "", "wajib diisi".into()),
            (Column::NamaIbu, &long101, "paling banyak 100 karakter".into()),
            (Column::Pekerjaan, "", "wajib diisi".into()),
            (Column::Pekerjaan, &long101, "paling banyak 100 karakter".into()),
            (Column::Alamat, &long201, "paling banyak 200 karakter".into()),
            (Column::Alamat, "JL.\u{0}X", "berisi karakter kendali".into()),
            (Column::TanggalLahir, "", "wajib diisi".into()),
            (Column::TanggalLahir, "30-02-1990", INVALID_DATE.into()),
            (Column::TanggalLahir, "15 Mei 1990", INVALID_DATE.into()),
            // The NIK carries only "90": these still match it, so the date rule alone speaks.
            (Column::TanggalLahir, "15-05-2090", "tanggal lahir di masa depan".into()),
            (Column::TanggalLahir, "15-05-1890", "tanggal lahir sebelum 1900".into()),
            (Column::JenisKelamin, "X", "nilai \"X\" tidak dikenal; gunakan salah satu dari: L, P".into()),
            (Column::JenisKelamin, "3", "nilai \"3\" tidak dikenal; gunakan salah satu dari: L, P".into()),
            (
                Column::Agama,
                "Jedi",
                "nilai \"Jedi\" tidak dikenal; gunakan salah satu dari: ISLAM, KRISTEN, KATHOLIK, HINDU, BUDDHA, \
                 KHONGHUCU, KEPERCAYAAN TERHADAP TUHAN YME"
                    .into(),
            ),
            (Column::Agama, "0", RELIGION_CHOICES.unknown("0")),
            (Column::Agama, "8", RELIGION_CHOICES.unknown("8")),
            (Column::StatusKawin, "5", MARITAL_CHOICES.unknown("5")),
            (Column::StatusKawin, "MENIKAH", MARITAL_CHOICES.unknown("MENIKAH")),
            (Column::HubunganKeluarga, "12", RELATION_CHOICES.unknown("12")),
            (Column::HubunganKeluarga, "TETANGGA", RELATION_CHOICES.unknown("TETANGGA")),
            (Column::Kewarganegaraan, "", "wajib diisi".into()),
            (Column::Kewarganegaraan, "WN", "nilai \"WN\" tidak dikenal; gunakan salah satu dari: WNI, WNA".into()),
            (Column::Rt, "0", "harus angka 1–999".into()),
            (Column::Rt, "000", "harus angka 1–999".into()),
            (Column::Rt, "1000", "harus angka 1–999".into()),
            (Column::Rt, "1a", "harus angka 1–999".into()),
            (Column::Rt, "-1", "harus angka 1–999".into()),
            (Column::Rw, "", "wajib diisi".into()),
            (Column::NoProp, "5x", "harus berupa angka".into()),
            (Column::NoKab, "171", "paling banyak 2 angka".into()),
            (Column::NoKec, "04a", "harus berupa angka".into()),
            (Column::NoKel, "10011", "paling banyak 4 angka".into()),
            (Column::NoKel, "", "wajib diisi".into()),
            (Column::NoKel, "1999", "kelurahan 53.71.04.1999 tidak dikenal di Serambi ini".into()),
        ];
        for (c, value, reason) in cases {
            assert_eq!(problems_with(&[(c, value)]), vec![on(c, &reason)], "{c:?} = {value:?}");
        }
        // An unknown kelurahan is reported once, on NO_KEL, whichever part is wrong.
        assert_eq!(
            problems_with(&[(Column::NoKab, "72")]),
            vec![on(Column::NoKel, "kelurahan 53.72.04.1001 tidak dikenal di Serambi ini")]
        );
    }

    #[test]
    fn a_long_unknown_value_is_cut_in_the_reason() {
        let value = "x".repeat(60);
        let problems = problems_with(&[(Column::Agama, &value)]);
        let shown = format!("\"{}…\"", "x".repeat(40));
        assert!(problems[0].reason.contains(&shown), "{}", problems[0].reason);
        assert!(!problems[0].reason.contains(&"x".repeat(41)));
    }

    #[test]
    fn a_nik_that_disagrees_with_birth_date_or_sex_is_a_problem_on_the_nik() {
        assert_eq!(
            problems_with(&[(Column::TanggalLahir, "16-05-1990")]),
            vec![on(Column::Nik, "tanggal lahir pada NIK tidak cocok dengan data (16-05-1990)")]
        );
        assert_eq!(
            problems_with(&[(Column::JenisKelamin, "L")]),
            vec![on(Column::Nik, "jenis kelamin pada NIK tidak cocok dengan data")]
        );
        let both = problems_with(&[(Column::JenisKelamin, "LAKI-LAKI"), (Column::TanggalLahir, "15-05-1991")]);
        assert_eq!(both.len(), 2);
        assert!(both.iter().all(|p| p.column == Some(Column::Nik)));
    }

    #[test]
    fn niks_from_elsewhere_in_indonesia_are_welcome_but_not_unknown_kecamatan_of_this_kota() {
        // Born and first registered in Jakarta Pusat, living in Kupang now.
        let jakarta = check(&row_with(&[(Column::Nik, "3171015505900001"), (Column::NoKk, "3171011203150007")]));
        assert_eq!(jakarta.map(|p| p.nik.region().to_owned()), Ok("317101".to_owned()));
        // Another kab in NTT (Kabupaten Kupang, 5301) is not this deployment's: accepted.
        assert!(check(&row_with(&[(Column::Nik, "5301095505900001")])).is_ok());
        // Kota Kupang has no kecamatan 09.
        assert_eq!(
            problems_with(&[(Column::Nik, "5371095505900001")]),
            vec![on(Column::Nik, "kode kecamatan pada NIK tidak dikenal di 5371")]
        );
    }

    #[test]
    fn a_row_of_the_wrong_width_is_refused_as_a_whole() {
        let mut short = good().to_vec();
        short.pop();
        assert_eq!(
            check(&short),
            Err(vec![Problem { column: None, reason: "baris ini berisi 18 kolom, seharusnya 19".into() }])
        );
        let mut long = good().to_vec();
        long.push("");
        assert_eq!(check(&long).unwrap_err()[0].reason, "baris ini berisi 20 kolom, seharusnya 19");
    }

    #[test]
    fn every_problem_of_a_row_is_reported_in_column_order() {
        let problems = problems_with(&[
            (Column::Kewarganegaraan, "X"),
            (Column::Nama, ""),
            (Column::NoKk, "123"),
            (Column::Agama, "?"),
            (Column::TanggalLahir, "16-05-1990"),
            (Column::Rt, "0"),
            (Column::NoKel, "1999"),
        ]);
        let columns: Vec<Option<Column>> = problems.iter().map(|p| p.column).collect();
        assert_eq!(
            columns,
            [
                Column::Nik,
                Column::NoKk,
                Column::Nama,
                Column::Agama,
                Column::Rt,
                Column::NoKel,
                Column::Kewarganegaraan
            ]
            .map(Some)
        );
        assert_eq!(problems[0].to_string(), "NIK: tanggal lahir pada NIK tidak cocok dengan data (16-05-1990)");
    }

    #[test]
    fn reasons_never_carry_identity_numbers() {
        let bad_rows: Vec<Vec<&str>> = vec![
            row_with(&[(Column::Nik, "2071045505900001"), (Column::NoKk, "2071041203150007")]),
            row_with(&[(Column::Nik, "5371095505900001"), (Column::NoKk, "5371091203150007")]),
            row_with(&[(Column::Nik, "5371045505900000"), (Column::NoKk, "537104120315000")]),
            row_with(&[(Column::TanggalLahir, "01-01-2001"), (Column::JenisKelamin, "L")]),
            // Columns shifted by a spreadsheet: numbers where words belong.
            row_with(&[
                (Column::Agama, NIK),
                (Column::JenisKelamin, KK),
                (Column::StatusKawin, "NIK 5371045505900001"),
            ]),
            row_with(&[(Column::HubunganKeluarga, KK), (Column::Kewarganegaraan, NIK), (Column::Nama, NIK)]),
            row_with(&[(Column::Rt, NIK), (Column::NoKel, KK), (Column::TempatLahir, KK), (Column::TanggalLahir, NIK)]),
            row_with(&[(Column::Nik, "53710455 0590 0001x")]),
        ];
        let mut count = 0;
        for row in &bad_rows {
            for p in check(row).unwrap_err() {
                count += 1;
                let longest_digit_run = p.reason.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
                assert!(longest_digit_run < 8, "{p:?}");
                assert!(!p.reason.contains(NIK) && !p.reason.contains(KK), "{p:?}");
            }
        }
        assert_eq!(count, 19);
        let masked = problems_with(&[(Column::Agama, NIK)]);
        assert!(masked[0].reason.starts_with("nilai \"5371**********01\" tidak dikenal"), "{:?}", masked[0]);
    }

    #[test]
    fn names_are_the_same_ignoring_case_and_whitespace() {
        assert!(same_name("maria  goreti", "MARIA GORETI"));
        assert!(same_name("Maria Goreti", " MARIA\tGORETI "));
        assert!(same_name("Ñoño", "ÑOÑO"));
        assert!(!same_name("Maria Goreti", "Maria Gorety"));
        assert!(!same_name("Maria", "Maria Goreti"));
        assert!(!same_name("", "A"));
    }

    #[test]
    fn loose_matching_does_not_overreach() {
        assert!(loose_eq("laki  laki", "LAKI LAKI"));
        assert!(!loose_eq("lakilaki", "LAKI LAKI"));
        assert!(!loose_eq("KAWIN TERCATAT", "KAWIN"));
        assert!(!loose_eq("KAWIN", "KAWIN TERCATAT"));
        assert!(!loose_eq("ıslam", "ISLAM"), "no Unicode case folding into ASCII");
    }

    /// A rough speed check, not a test: `cargo test -p domain --release -- --ignored --nocapture speed`.
    #[test]
    #[ignore]
    fn speed() {
        let (header, regions, (y, m, d)) = (siak_header(), kupang(), TODAY);
        let today = date(y, m, d);
        let good = good();
        let bad = row_with(&[(Column::Agama, "Jedi"), (Column::TanggalLahir, "16-05-1990"), (Column::Rt, "0")]);
        for (what, row) in [("good", &good[..]), ("bad", &bad[..])] {
            let n = 1_000_000;
            let start = std::time::Instant::now();
            for _ in 0..n {
                let _ = std::hint::black_box(validate(std::hint::black_box(row), &header, &regions, today));
            }
            println!("{what} row: {:?} per row", start.elapsed() / n);
        }
    }
}
