//! A request's reference code, e.g. `SRB-7K3Q-9M`: short enough to read aloud over the phone
//! and to type on a cheap keyboard, printed in every message about the request.
//!
//! Six characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V), drawn at random by
//! the server (so codes say nothing about how many requests there are, and the next one cannot
//! be guessed from the last): 30⁶ ≈ 729 million codes. The server stores it in a UNIQUE column
//! and draws again on a collision.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The 30 characters a code is made of: digits 2–9 and the letters that no one confuses with
/// them or with each other.
pub const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTWXYZV";
const PREFIX: &str = "SRB";
const LEN: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("kode permohonan terdiri atas SRB dan 6 huruf/angka, misalnya SRB-7K3Q-9M")]
    Length,
    #[error("kode permohonan memuat karakter {0:?} yang tidak dipakai dalam kode")]
    Character(char),
}

impl Reference {
    /// The code drawn from 64 random bits (the server passes a CSPRNG's output). The modulo
    /// bias of 2⁶⁴ mod 30⁶ is below one in 10¹⁰.
    pub fn from_random(mut bits: u64) -> Reference {
        let n = ALPHABET.len() as u64;
        let mut code = String::with_capacity(LEN);
        for _ in 0..LEN {
            code.push(ALPHABET[(bits % n) as usize] as char);
            bits /= n;
        }
        Reference(code)
    }

    /// Reads a code as a person types it: case, spaces, dashes and the `SRB` prefix are
    /// optional (`srb 7k3q 9m`, `7K3Q9M`).
    pub fn parse(text: &str) -> Result<Reference, ReferenceError> {
        let compact: String =
            text.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        let body = match compact.strip_prefix(PREFIX) {
            Some(rest) if rest.chars().count() == LEN => rest,
            _ => compact.as_str(),
        };
        if body.chars().count() != LEN {
            return Err(ReferenceError::Length);
        }
        if let Some(bad) = body.chars().find(|c| !c.is_ascii() || !ALPHABET.contains(&(*c as u8))) {
            return Err(ReferenceError::Character(bad));
        }
        Ok(Reference(body.to_string()))
    }

    /// The six characters without prefix or dash (what is stored).
    pub fn code(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}-{}-{}", &self.0[..4], &self.0[4..])
    }
}

impl TryFrom<String> for Reference {
    type Error = ReferenceError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Reference::parse(&s)
    }
}

impl From<Reference> for String {
    fn from(r: Reference) -> String {
        r.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alphabet_has_no_look_alikes_and_no_repeats() {
        for bad in ['0', 'O', '1', 'I', 'L', 'U'] {
            assert!(!ALPHABET.contains(&(bad as u8)), "{bad}");
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ALPHABET.len());
    }

    #[test]
    fn a_code_prints_as_srb_four_dash_two_and_reads_back() {
        let r = Reference::from_random(0x1234_5678_9abc_def0);
        let shown = r.to_string();
        assert_eq!(shown.len(), "SRB-7K3Q-9M".len());
        assert!(shown.starts_with("SRB-") && shown.as_bytes()[8] == b'-', "{shown}");
        assert_eq!(Reference::parse(&shown), Ok(r.clone()));
        assert_eq!(Reference::parse(&shown.to_lowercase()), Ok(r.clone()));
        assert_eq!(Reference::parse(&shown.replace('-', " ")), Ok(r.clone()));
        assert_eq!(Reference::parse(r.code()), Ok(r));
    }

    #[test]
    fn random_bits_spread_over_the_alphabet() {
        let mut seen = std::collections::BTreeSet::new();
        let mut x: u64 = 88172645463325252;
        for _ in 0..2000 {
            // xorshift: any spread of inputs will do here
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            seen.insert(Reference::from_random(x));
        }
        assert_eq!(seen.len(), 2000, "no collisions in a small sample");
    }

    #[test]
    fn bad_codes_are_refused_with_a_reason() {
        for (text, err) in [
            ("", ReferenceError::Length),
            ("SRB-7K3Q", ReferenceError::Length),
            ("SRB-7K3Q-9MM", ReferenceError::Length),
            ("SRB-7K3Q-0M", ReferenceError::Character('0')),
            ("SRB-IK3Q-9M", ReferenceError::Character('I')),
            ("SRB-7K3Q-9É", ReferenceError::Character('É')),
        ] {
            assert_eq!(Reference::parse(text), Err(err), "{text:?}");
        }
    }
}
