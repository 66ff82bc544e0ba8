//! Letter numbers: a per-office pattern such as
//! `{klasifikasi}/{urut:03}/{unit}/{bulan_romawi}/{tahun}` → `400.12.2.1/007/KEL-OBB/XI/2026`.

use serde::{Deserialize, Serialize};
use std::fmt;

pub const DEFAULT_PATTERN: &str = "{klasifikasi}/{urut:03}/{unit}/{bulan_romawi}/{tahun}";

/// Roman numeral of a month (1 → "I" … 12 → "XII").
pub fn roman_month(month: u32) -> Option<&'static str> {
    const ROMAN: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];
    ROMAN.get(month.checked_sub(1)? as usize).copied()
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Classification,
    Sequence { width: usize },
    Unit,
    RomanMonth,
    Month,
    Year,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("pola nomor surat memuat penanda tidak dikenal: {{{0}}}")]
    UnknownToken(String),
    #[error("pola nomor surat memiliki kurung kurawal yang tidak ditutup")]
    Unclosed,
    #[error("pola nomor surat harus memuat {{urut}}")]
    NoSequence,
}

/// A parsed numbering pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberPattern(Vec<Part>);

/// What goes into one number.
pub struct NumberInputs<'a> {
    pub classification: &'a str,
    pub sequence: u64,
    pub unit: &'a str,
    pub month: u32,
    pub year: i32,
}

impl NumberPattern {
    pub fn parse(pattern: &str) -> Result<NumberPattern, PatternError> {
        let mut parts = Vec::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            let close = rest[open..].find('}').ok_or(PatternError::Unclosed)? + open;
            let token = &rest[open + 1..close];
            parts.push(match token {
                "klasifikasi" => Part::Classification,
                "unit" => Part::Unit,
                "bulan_romawi" => Part::RomanMonth,
                "bulan" => Part::Month,
                "tahun" => Part::Year,
                "urut" => Part::Sequence { width: 1 },
                t if t.starts_with("urut:") => {
                    let width = t[5..].parse::<usize>().ok().filter(|w| (1..=9).contains(w));
                    Part::Sequence { width: width.ok_or_else(|| PatternError::UnknownToken(t.into()))? }
                }
                t => return Err(PatternError::UnknownToken(t.into())),
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        if !parts.iter().any(|p| matches!(p, Part::Sequence { .. })) {
            return Err(PatternError::NoSequence);
        }
        Ok(NumberPattern(parts))
    }

    /// Why this pattern would give two letters of one office the same number, when numbers are
    /// counted per office and year (`per_classification`: per classification too). Counters
    /// start again every year, so the year must be in the number; counted per classification,
    /// the classification must be; and `{urut}` must not run into another changing part
    /// ("400.12" + 1 and "400.1" + 21 both read "400.121").
    pub fn repeats(&self, per_classification: bool) -> Option<&'static str> {
        let has = |f: fn(&Part) -> bool| self.0.iter().any(f);
        if !has(|p| matches!(p, Part::Year)) {
            return Some(
                "pola nomor surat harus memuat {tahun}: nomor urut dimulai lagi setiap tahun, \
                 sehingga tanpa tahun nomor akan berulang",
            );
        }
        if per_classification && !has(|p| matches!(p, Part::Classification)) {
            return Some(
                "penomoran per klasifikasi memerlukan {klasifikasi} dalam pola: tanpa itu surat \
                 dengan klasifikasi berbeda mendapat nomor yang sama",
            );
        }
        let runs_into = self.0.windows(2).any(|w| {
            let variable = |p: &Part| !matches!(p, Part::Literal(_));
            let seq = |p: &Part| matches!(p, Part::Sequence { .. });
            (seq(&w[0]) && variable(&w[1])) || (variable(&w[0]) && seq(&w[1]))
        });
        if runs_into {
            return Some("{urut} harus dipisah dari penanda lain dengan tanda baca, mis. \"/\"");
        }
        None
    }

    pub fn format(&self, i: &NumberInputs<'_>) -> LetterNumber {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Classification => out.push_str(i.classification),
                Part::Sequence { width } => out.push_str(&format!("{:0width$}", i.sequence, width = *width)),
                Part::Unit => out.push_str(i.unit),
                Part::RomanMonth => out.push_str(roman_month(i.month).unwrap_or("?")),
                Part::Month => out.push_str(&format!("{:02}", i.month)),
                Part::Year => out.push_str(&i.year.to_string()),
            }
        }
        LetterNumber(out)
    }
}

/// A formatted letter number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LetterNumber(String);

impl LetterNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for LetterNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(sequence: u64, month: u32) -> NumberInputs<'static> {
        NumberInputs { classification: "400.12.2.1", sequence, unit: "KEL-OBB", month, year: 2026 }
    }

    #[test]
    fn roman_months_cover_the_year_and_nothing_else() {
        let all: Vec<_> = (1..=12).map(|m| roman_month(m).unwrap()).collect();
        assert_eq!(all, ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]);
        assert_eq!(roman_month(0), None);
        assert_eq!(roman_month(13), None);
    }

    #[test]
    fn patterns_that_would_repeat_numbers_are_named() {
        let repeats = |p: &str, per_class: bool| NumberPattern::parse(p).unwrap().repeats(per_class);
        assert_eq!(repeats(DEFAULT_PATTERN, false), None);
        assert_eq!(repeats(DEFAULT_PATTERN, true), None);
        assert_eq!(repeats("{unit}/{urut}/{tahun}", false), None);
        assert!(repeats("{klasifikasi}/{urut:03}/{unit}/{bulan_romawi}", false).unwrap().contains("{tahun}"));
        assert!(repeats("{unit}/{urut}/{tahun}", true).unwrap().contains("{klasifikasi}"));
        assert!(repeats("{klasifikasi}{urut}/{tahun}", true).unwrap().contains("dipisah"));
        assert!(repeats("{urut}{bulan}/{tahun}", false).unwrap().contains("dipisah"));
        assert_eq!(repeats("{urut}-{bulan}-{tahun}", false), None);
    }

    #[test]
    fn the_default_pattern_gives_the_official_shape() {
        let p = NumberPattern::parse(DEFAULT_PATTERN).unwrap();
        assert_eq!(p.format(&inputs(7, 11)).as_str(), "400.12.2.1/007/KEL-OBB/XI/2026");
        assert_eq!(p.format(&inputs(1234, 4)).as_str(), "400.12.2.1/1234/KEL-OBB/IV/2026");
    }

    #[test]
    fn other_patterns_are_configurable() {
        let p = NumberPattern::parse("{unit}-{tahun}.{bulan}-{urut:5}").unwrap();
        assert_eq!(p.format(&inputs(42, 3)).as_str(), "KEL-OBB-2026.03-00042");
    }

    #[test]
    fn bad_patterns_are_refused_with_a_reason() {
        assert_eq!(NumberPattern::parse("{nomor}/{urut}"), Err(PatternError::UnknownToken("nomor".into())));
        assert_eq!(NumberPattern::parse("{urut"), Err(PatternError::Unclosed));
        assert_eq!(NumberPattern::parse("{klasifikasi}/{tahun}"), Err(PatternError::NoSequence));
        assert!(NumberPattern::parse("{urut:0}").is_err());
    }
}
