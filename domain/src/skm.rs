//! Survei Kepuasan Masyarakat (PermenPANRB 14/2017): nine elements, each answered on a 1–4
//! scale; the index (IKM) is the average of the nine elements' averages (each weighted 1/9)
//! times 25, and its quality category follows the regulation's conversion table.

/// One element of the survey: its code (U1–U9), name, question and the four answers (1 to 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    pub code: &'static str,
    pub name: &'static str,
    pub question: &'static str,
    pub answers: [&'static str; 4],
}

/// The nine elements, in the regulation's order.
pub const ELEMENTS: [Element; 9] = [
    Element {
        code: "U1",
        name: "Persyaratan",
        question: "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        answers: ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    },
    Element {
        code: "U2",
        name: "Sistem, mekanisme dan prosedur",
        question: "Bagaimana pendapat Anda tentang kemudahan prosedur pelayanan?",
        answers: ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
    },
    Element {
        code: "U3",
        name: "Waktu penyelesaian",
        question: "Bagaimana pendapat Anda tentang kecepatan waktu pelayanan?",
        answers: ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
    },
    Element {
        code: "U4",
        name: "Biaya/tarif",
        question: "Bagaimana pendapat Anda tentang kewajaran biaya/tarif pelayanan?",
        answers: ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"],
    },
    Element {
        code: "U5",
        name: "Produk spesifikasi jenis pelayanan",
        question: "Bagaimana pendapat Anda tentang kesesuaian surat yang Anda terima dengan standar pelayanan?",
        answers: ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    },
    Element {
        code: "U6",
        name: "Kompetensi pelaksana",
        question: "Bagaimana pendapat Anda tentang kemampuan petugas dalam pelayanan?",
        answers: ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"],
    },
    Element {
        code: "U7",
        name: "Perilaku pelaksana",
        question: "Bagaimana pendapat Anda tentang kesopanan dan keramahan petugas?",
        answers: ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"],
    },
    Element {
        code: "U8",
        name: "Penanganan pengaduan, saran dan masukan",
        question: "Bagaimana pendapat Anda tentang penanganan pengaduan, saran dan masukan?",
        answers: ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"],
    },
    Element {
        code: "U9",
        name: "Sarana dan prasarana",
        question: "Bagaimana pendapat Anda tentang kualitas sarana dan prasarana pelayanan?",
        answers: ["Buruk", "Cukup", "Baik", "Sangat baik"],
    },
];

/// One respondent's nine answers, each 1–4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answers(pub [u8; 9]);

impl Answers {
    /// The answers if all nine are on the scale; otherwise the elements that are not (U1…).
    pub fn new(values: [Option<u8>; 9]) -> Result<Answers, Vec<&'static str>> {
        let bad: Vec<&'static str> = values
            .iter()
            .zip(ELEMENTS.iter())
            .filter(|(v, _)| !matches!(v, Some(1..=4)))
            .map(|(_, e)| e.code)
            .collect();
        if bad.is_empty() { Ok(Answers(values.map(|v| v.unwrap_or(0)))) } else { Err(bad) }
    }
}

/// The quality category of an IKM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    A,
    B,
    C,
    D,
}

impl Category {
    /// PermenPANRB 14/2017's conversion: 25.00–64.99 D, 65.00–76.60 C, 76.61–88.30 B, 88.31–100 A.
    pub fn of(ikm: f64) -> Category {
        let hundredths = (ikm * 100.0).round() as i64;
        match hundredths {
            i64::MIN..=6499 => Category::D,
            6500..=7660 => Category::C,
            7661..=8830 => Category::B,
            _ => Category::A,
        }
    }
    pub fn letter(self) -> &'static str {
        match self {
            Category::A => "A",
            Category::B => "B",
            Category::C => "C",
            Category::D => "D",
        }
    }
    /// "Sangat baik", "Baik", "Kurang baik", "Tidak baik".
    pub fn label(self) -> &'static str {
        match self {
            Category::A => "Sangat baik",
            Category::B => "Baik",
            Category::C => "Kurang baik",
            Category::D => "Tidak baik",
        }
    }
}

/// An element average (NRR) below this is "kurang baik" or worse on the regulation's scale of
/// perception values (2.60–3.064 is C): the dashboard marks it.
pub const LOW_ELEMENT: f64 = 3.0644;

/// The survey's result over `respondents` from the sum of each element's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub respondents: u64,
    /// Each element's average (NRR, nilai rata-rata).
    pub averages: [f64; 9],
    /// Σ NRR × 1/9 (NRR tertimbang).
    pub weighted: f64,
    /// Weighted × 25.
    pub ikm: f64,
    pub category: Category,
}

/// None without respondents.
pub fn index(sums: [u64; 9], respondents: u64) -> Option<Index> {
    if respondents == 0 {
        return None;
    }
    let averages = sums.map(|s| s as f64 / respondents as f64);
    let weighted = averages.iter().map(|a| a / 9.0).sum::<f64>();
    let ikm = weighted * 25.0;
    Some(Index { respondents, averages, weighted, ikm, category: Category::of(ikm) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_is_the_weighted_average_times_25() {
        // Every answer 4: 100, A. Every answer 1: 25, D.
        assert!((index([40; 9], 10).unwrap().ikm - 100.0).abs() < 1e-9);
        assert_eq!(index([10; 9], 10).unwrap().category, Category::D);
        // Two respondents: element averages 3.5, 3, 3, 4, 3, 3.5, 4, 2, 3 → Σ/9 = 29/9 → × 25.
        let sums = [7, 6, 6, 8, 6, 7, 8, 4, 6];
        let i = index(sums, 2).unwrap();
        assert!((i.weighted - 29.0 / 9.0).abs() < 1e-9);
        assert!((i.ikm - 80.5555).abs() < 1e-3, "{}", i.ikm);
        assert_eq!(i.category, Category::B);
        assert!(index([0; 9], 0).is_none());
    }

    #[test]
    fn categories_follow_the_conversion_table_at_its_edges() {
        for (ikm, c) in [(64.99, "D"), (65.0, "C"), (76.6, "C"), (76.61, "B"), (88.3, "B"), (88.31, "A"), (100.0, "A")]
        {
            assert_eq!(Category::of(ikm).letter(), c, "{ikm}");
        }
    }

    #[test]
    fn every_answer_must_be_on_the_scale() {
        assert!(Answers::new([Some(4); 9]).is_ok());
        let mut v = [Some(3); 9];
        v[2] = None;
        v[7] = Some(5);
        assert_eq!(Answers::new(v), Err(vec!["U3", "U8"]));
    }
}
