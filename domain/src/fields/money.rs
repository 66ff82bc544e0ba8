//! Rupiah amounts in figures and in words (terbilang).

/// `1500000` → `Rp1.500.000,00` (the spelling of Pedoman Umum Ejaan Bahasa Indonesia).
pub fn format_rupiah(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{}Rp{grouped},00", if n < 0 { "-" } else { "" })
}

/// An amount in Indonesian words, as written beside amounts on letters: `1500000` →
/// "satu juta lima ratus ribu rupiah".
pub fn terbilang_rupiah(n: i64) -> String {
    let words = terbilang(n.unsigned_abs());
    let sign = if n < 0 { "minus " } else { "" };
    format!("{sign}{words} rupiah")
}

/// A whole number in Indonesian words ("seratus", "seribu", "sebelas"…).
pub fn terbilang(n: u64) -> String {
    const ONES: [&str; 12] =
        ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"];
    fn below_thousand(n: u64, out: &mut Vec<String>) {
        let (h, rest) = (n / 100, n % 100);
        match h {
            0 => {}
            1 => out.push("seratus".into()),
            _ => out.push(format!("{} ratus", ONES[h as usize])),
        }
        match rest {
            0 => {}
            1..=11 => out.push(ONES[rest as usize].into()),
            12..=19 => out.push(format!("{} belas", ONES[(rest - 10) as usize])),
            _ => {
                out.push(format!("{} puluh", ONES[(rest / 10) as usize]));
                if rest % 10 != 0 {
                    out.push(ONES[(rest % 10) as usize].into());
                }
            }
        }
    }
    if n == 0 {
        return "nol".into();
    }
    const SCALES: [(u64, &str); 5] = [
        (1_000_000_000_000_000, "biliar"),
        (1_000_000_000_000, "triliun"),
        (1_000_000_000, "miliar"),
        (1_000_000, "juta"),
        (1_000, "ribu"),
    ];
    let mut out = Vec::new();
    let mut rest = n;
    for (scale, word) in SCALES {
        let count = rest / scale;
        if count > 0 {
            if scale == 1_000 && count == 1 {
                out.push("seribu".into());
            } else {
                // Counts of a scale can exceed 999 only for the largest scale.
                let mut part = Vec::new();
                if count >= 1000 {
                    part.push(terbilang(count));
                } else {
                    below_thousand(count, &mut part);
                }
                out.push(format!("{} {word}", part.join(" ")));
            }
            rest %= scale;
        }
    }
    below_thousand(rest, &mut out);
    out.join(" ")
}
