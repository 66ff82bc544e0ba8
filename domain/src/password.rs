//! Password rules: long enough for the kind of account, and not one of the passwords people
//! pick first (a small bundled list, compared without case, spaces or trailing digits).

/// The shortest password for staff accounts (officials, clerks, administrators).
pub const STAFF_MIN_CHARS: usize = 10;
/// The shortest password for residents.
pub const RESIDENT_MIN_CHARS: usize = 8;

/// Passwords guessed first, in lower case; a password is refused when, lower-cased and with
/// its trailing digits and punctuation removed, it is one of these (or is only digits, or one
/// repeated character).
const COMMON: &[&str] = &[
    "password",
    "passw0rd",
    "pass",
    "sandi",
    "katasandi",
    "kata sandi",
    "rahasia",
    "qwerty",
    "qwertyuiop",
    "asdfgh",
    "asdfghjkl",
    "zxcvbnm",
    "abc",
    "abcd",
    "abcde",
    "abcdef",
    "abcdefg",
    "abcdefgh",
    "iloveyou",
    "admin",
    "administrator",
    "welcome",
    "selamat",
    "selamatdatang",
    "letmein",
    "login",
    "masuk",
    "user",
    "pengguna",
    "test",
    "tes",
    "testing",
    "monkey",
    "dragon",
    "master",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "batman",
    "starwars",
    "indonesia",
    "jakarta",
    "kupang",
    "bismillah",
    "alhamdulillah",
    "sayang",
    "sayangku",
    "cinta",
    "cintaku",
    "aku",
    "akusayangkamu",
    "kamu",
    "rindu",
    "bahagia",
    "merdeka",
    "garuda",
    "pancasila",
    "nusantara",
    "tuhan",
    "yesus",
    "jesus",
    "jesuslovesme",
    "haleluya",
    "amin",
    "allah",
    "mama",
    "papa",
    "mamapapa",
    "bapak",
    "ibu",
    "keluarga",
    "serambi",
    "kelurahan",
    "desa",
    "kecamatan",
    "lurah",
    "camat",
    "petugas",
    "pemerintah",
    "pemkot",
    "pemkab",
    "diskominfo",
    "kominfo",
    "pegawai",
    "kantor",
    "surat",
    "warga",
    "penduduk",
    "rakyat",
    "changeme",
    "gantisaya",
    "default",
    "secret",
    "qazwsx",
    "1q2w3e",
    "1q2w3e4r",
    "1qaz2wsx",
    "zaq12wsx",
    "q1w2e3r4",
    "aa",
    "aaa",
    "xxx",
    "hello",
    "halo",
    "shadow",
    "michael",
    "maria",
    "anjing",
    "kucing",
    "doraemon",
    "naruto",
    "pokemon",
    "minecraft",
];

/// Why a new password is refused, in Indonesian; `None` when it is acceptable. `staff` picks
/// the length rule; `personal` are words the password must not be (user name, NIK, name).
pub fn problem(password: &str, staff: bool, personal: &[&str]) -> Option<String> {
    let min = if staff { STAFF_MIN_CHARS } else { RESIDENT_MIN_CHARS };
    let chars = password.chars().count();
    if chars < min {
        return Some(format!("Kata sandi minimal {min} karakter."));
    }
    if chars > 128 {
        return Some("Kata sandi paling panjang 128 karakter.".into());
    }
    let lower = password.to_lowercase();
    let core = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c == ' ');
    let core = core.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    let first = lower.chars().next();
    let guessable = core.is_empty()
        || lower.chars().all(|c| Some(c) == first)
        || COMMON.contains(&core)
        || COMMON.contains(&core.replace(' ', "").as_str())
        || is_sequence(&lower);
    if guessable {
        return Some("Kata sandi ini terlalu mudah ditebak; pilih yang lain.".into());
    }
    let squashed = lower.replace([' ', '.', '_', '-'], "");
    for word in personal.iter().map(|w| w.to_lowercase().replace([' ', '.', '_', '-'], "")) {
        if word.len() >= 4
            && (squashed == word || core == word || squashed.contains(&word) && squashed.len() < word.len() + 4)
        {
            return Some("Kata sandi tidak boleh sama dengan nama, nama pengguna atau NIK.".into());
        }
    }
    None
}

/// "1234567890", "abcdefghij", "9876543210": a run of neighbouring characters.
fn is_sequence(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4
        && (b.windows(2).all(|w| w[1] == w[0].wrapping_add(1)) || b.windows(2).all(|w| w[0] == w[1].wrapping_add(1)))
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn short_common_and_personal_passwords_are_refused() {
        assert!(problem("kupang12", false, &[]).is_some(), "common word with digits");
        assert!(problem("Password2026!", true, &[]).is_some());
        assert!(problem("1234567890", true, &[]).is_some());
        assert!(problem("aaaaaaaaaaaa", true, &[]).is_some());
        assert!(problem("abcdefghij", true, &[]).is_some());
        assert!(problem("pendek9", false, &[]).unwrap().contains("minimal 8"));
        assert!(problem("pendek99x", true, &[]).unwrap().contains("minimal 10"));
        assert!(problem("lurah.oelnasi", true, &["lurah.oelnasi"]).is_some());
        assert!(problem("5301041208870001", true, &["5301041208870001"]).is_some());
        assert_eq!(problem("Bunga Flamboyan di Oebobo", true, &["lurah.oebobo"]), None);
        assert_eq!(problem("kopi-pagi-hujan", false, &[]), None);
    }
}
