//! The accepted values of the enumerated columns (religion, marital status, relation, sex,
//! citizenship): canonical values, other spellings, SIAK's numeric codes.

use crate::nik::mask;

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
pub(super) struct Choices {
    /// Canonical values, shown when a value is not recognised.
    canonical: &'static [&'static str],
    /// Other spellings and their canonical value.
    aliases: &'static [(&'static str, &'static str)],
    /// SIAK's numeric codes: code `n` stands for `numeric[n - 1]`.
    pub(super) numeric: &'static [&'static str],
}

pub(super) const SEXES: Choices = Choices {
    canonical: &["L", "P"],
    aliases: &[("LAKI-LAKI", "L"), ("LAKI LAKI", "L"), ("PRIA", "L"), ("PEREMPUAN", "P"), ("WANITA", "P")],
    numeric: &["L", "P"],
};

pub(super) const RELIGION_CHOICES: Choices = Choices {
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

pub(super) const MARITAL_CHOICES: Choices = Choices {
    canonical: MARITAL_STATUSES,
    aliases: &[],
    numeric: &["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"],
};

pub(super) const RELATION_CHOICES: Choices =
    Choices { canonical: FAMILY_RELATIONS, aliases: &[], numeric: FAMILY_RELATIONS };

pub(super) const CITIZENSHIP_CHOICES: Choices =
    Choices { canonical: CITIZENSHIPS, aliases: &[], numeric: CITIZENSHIPS };

impl Choices {
    /// The canonical value `value` (trimmed, without control characters) stands for.
    pub(super) fn find(&self, value: &str) -> Option<&'static str> {
        if value.len() <= 2 && value.bytes().all(|b| b.is_ascii_digit()) {
            let n: usize = value.parse().ok()?;
            return n.checked_sub(1).and_then(|i| self.numeric.get(i)).copied();
        }
        let canonical = self.canonical.iter().copied().find(|c| loose_eq(value, c));
        canonical.or_else(|| self.aliases.iter().find(|(alias, _)| loose_eq(value, alias)).map(|&(_, c)| c))
    }

    pub(super) fn unknown(&self, value: &str) -> String {
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
pub(super) fn collapse_spaces(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_matching_does_not_overreach() {
        assert!(loose_eq("laki  laki", "LAKI LAKI"));
        assert!(!loose_eq("lakilaki", "LAKI LAKI"));
        assert!(!loose_eq("KAWIN TERCATAT", "KAWIN"));
        assert!(!loose_eq("KAWIN", "KAWIN TERCATAT"));
        assert!(!loose_eq("ıslam", "ISLAM"), "no Unicode case folding into ASCII");
    }
}
