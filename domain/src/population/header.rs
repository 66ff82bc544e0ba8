//! The header row: which column is where, under SIAK's names or a few common spellings,
//! and the separator and BOM of the file.

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

pub(super) const COLUMNS: usize = 19;

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

    pub(super) fn index(self) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::population::fixtures::*;
    use crate::population::validate;

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
}
