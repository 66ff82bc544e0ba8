//! Kota Kupang's kecamatan and kelurahan with their Kemendagri codes (53.71 = Kota Kupang, NTT).

pub const KOTA: (&str, &str) = ("53.71", "Kota Kupang");

/// (code, name)
pub const KECAMATAN: [(&str, &str); 6] = [
    ("53.71.01", "Alak"),
    ("53.71.02", "Maulafa"),
    ("53.71.03", "Kelapa Lima"),
    ("53.71.04", "Oebobo"),
    ("53.71.05", "Kota Raja"),
    ("53.71.06", "Kota Lama"),
];

/// (code, name); the kecamatan is the code's first three parts.
pub const KELURAHAN: [(&str, &str); 51] = [
    ("53.71.01.1001", "Namosain"),
    ("53.71.01.1002", "Nunbaun Sabu"),
    ("53.71.01.1003", "Nunbaun Delha"),
    ("53.71.01.1004", "Nunhila"),
    ("53.71.01.1005", "Fatufeto"),
    ("53.71.01.1006", "Manutapen"),
    ("53.71.01.1007", "Mantasi"),
    ("53.71.01.1008", "Alak"),
    ("53.71.01.1009", "Batu Plat"),
    ("53.71.01.1010", "Manulai II"),
    ("53.71.01.1011", "Naioni"),
    ("53.71.01.1012", "Penkase Oeleta"),
    ("53.71.02.1001", "Oepura"),
    ("53.71.02.1002", "Maulafa"),
    ("53.71.02.1003", "Penfui"),
    ("53.71.02.1004", "Naimata"),
    ("53.71.02.1005", "Bello"),
    ("53.71.02.1006", "Fatukoa"),
    ("53.71.02.1007", "Kolhua"),
    ("53.71.02.1008", "Sikumana"),
    ("53.71.02.1009", "Naikolan"),
    ("53.71.03.1001", "Kelapa Lima"),
    ("53.71.03.1010", "Oesapa"),
    ("53.71.03.1011", "Lasiana"),
    ("53.71.03.1014", "Oesapa Barat"),
    ("53.71.03.1015", "Oesapa Selatan"),
    ("53.71.04.1001", "Oebobo"),
    ("53.71.04.1008", "Oetete"),
    ("53.71.04.1009", "Oebufu"),
    ("53.71.04.1010", "Liliba"),
    ("53.71.04.1011", "Fatululi"),
    ("53.71.04.1013", "Kayu Putih"),
    ("53.71.04.1014", "Tuak Daun Merah"),
    ("53.71.05.1001", "Bakunase"),
    ("53.71.05.1002", "Bakunase Dua"),
    ("53.71.05.1003", "Airnona"),
    ("53.71.05.1004", "Naikoten Satu"),
    ("53.71.05.1005", "Naikoten Dua"),
    ("53.71.05.1006", "Kuanino"),
    ("53.71.05.1007", "Nunleu"),
    ("53.71.05.1008", "Fontein"),
    ("53.71.06.1001", "Airmata"),
    ("53.71.06.1002", "Lai Lai Bisi Kopan"),
    ("53.71.06.1003", "Bonipoi"),
    ("53.71.06.1004", "Solor"),
    ("53.71.06.1005", "Tode Kisar"),
    ("53.71.06.1006", "Merdeka"),
    ("53.71.06.1007", "Oeba"),
    ("53.71.06.1008", "Fatubesi"),
    ("53.71.06.1009", "Pasir Panjang"),
    ("53.71.06.1010", "Nefonaek"),
];

/// "53.71.04.1001" → "53.71.04"
pub fn kecamatan_of(kelurahan_code: &str) -> &str {
    &kelurahan_code[..8]
}

/// "53.71.04" → "537104", the region part of a NIK.
pub fn nik_region(kecamatan_code: &str) -> String {
    kecamatan_code.replace('.', "")
}

/// A short unit code for letter numbers: the first letter and the next two consonants,
/// e.g. Oebobo → OBB.
pub fn abbreviation(name: &str) -> String {
    let letters: Vec<char> = name.chars().filter(|c| c.is_ascii_alphabetic()).map(|c| c.to_ascii_uppercase()).collect();
    let mut out: String = letters.first().map(|c| c.to_string()).unwrap_or_default();
    out.extend(letters.iter().skip(1).filter(|c| !"AEIOU".contains(**c)).take(2));
    for c in letters.iter().skip(1) {
        if out.len() >= 3 {
            break;
        }
        out.push(*c);
    }
    out
}

/// "Lai Lai Bisi Kopan" → "lai-lai-bisi-kopan", for demo user names.
pub fn slug(name: &str) -> String {
    name.to_lowercase().split_whitespace().collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_six_kecamatan_and_fifty_one_kelurahan_each_in_a_known_kecamatan() {
        assert_eq!(KECAMATAN.len(), 6);
        assert_eq!(KELURAHAN.len(), 51);
        for (code, _) in KELURAHAN {
            assert!(KECAMATAN.iter().any(|(k, _)| *k == kecamatan_of(code)), "{code}");
        }
    }

    #[test]
    fn unit_codes_follow_the_usual_abbreviation() {
        assert_eq!(abbreviation("Oebobo"), "OBB");
        assert_eq!(abbreviation("Alak"), "ALK");
        assert_eq!(nik_region("53.71.04"), "537104");
        assert_eq!(slug("Lai Lai Bisi Kopan"), "lai-lai-bisi-kopan");
    }
}
