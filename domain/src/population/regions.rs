//! The deployment's regions (kab/kota, kecamatan, kelurahan) and Indonesia's province codes.

/// What the validator knows of the deployment's regions, built once from the kelurahan office
/// codes like "53.71.04.1001" (province.kab/kota.kecamatan.kelurahan).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regions {
    /// 4-digit kab/kota codes as numbers (5371), sorted.
    kabkota: Vec<u32>,
    /// 6-digit kecamatan codes as numbers (537104), sorted.
    kecamatan: Vec<u32>,
    /// 10-digit kelurahan codes as numbers (5371041001), sorted.
    kelurahan: Vec<u64>,
}

impl Regions {
    /// Codes that are not of the form `PP.KK.CC.LLLL` (digits; shorter parts are read as
    /// zero-padded) are skipped: office codes are checked where offices are configured.
    pub fn from_kelurahan<'a>(codes: impl IntoIterator<Item = &'a str>) -> Regions {
        let mut r = Regions::default();
        for (p, k, c, l) in codes.into_iter().filter_map(parse_kelurahan_code) {
            r.kabkota.push(kabkota_key(p, k));
            r.kecamatan.push(kecamatan_key(p, k, c));
            r.kelurahan.push(kelurahan_key(p, k, c, l));
        }
        for v in [&mut r.kabkota, &mut r.kecamatan] {
            v.sort_unstable();
            v.dedup();
        }
        r.kelurahan.sort_unstable();
        r.kelurahan.dedup();
        r
    }

    /// Whether `code` ("53.71.04.1001") is one of the deployment's kelurahan.
    pub fn kelurahan_known(&self, code: &str) -> bool {
        parse_kelurahan_code(code).is_some_and(|(p, k, c, l)| self.knows_kelurahan(p, k, c, l))
    }

    pub(super) fn knows_kelurahan(&self, p: u32, k: u32, c: u32, l: u32) -> bool {
        self.kelurahan.binary_search(&kelurahan_key(p, k, c, l)).is_ok()
    }
    pub(super) fn knows_kabkota(&self, kabkota4: u32) -> bool {
        self.kabkota.binary_search(&kabkota4).is_ok()
    }
    pub(super) fn knows_kecamatan(&self, kecamatan6: u32) -> bool {
        self.kecamatan.binary_search(&kecamatan6).is_ok()
    }
}

fn kabkota_key(p: u32, k: u32) -> u32 {
    p * 100 + k
}
fn kecamatan_key(p: u32, k: u32, c: u32) -> u32 {
    kabkota_key(p, k) * 100 + c
}
fn kelurahan_key(p: u32, k: u32, c: u32, l: u32) -> u64 {
    u64::from(kecamatan_key(p, k, c)) * 10_000 + u64::from(l)
}

fn parse_kelurahan_code(code: &str) -> Option<(u32, u32, u32, u32)> {
    let mut parts = code.trim().split('.');
    let mut next = |max_digits| digits(parts.next()?, max_digits);
    let parsed = (next(2)?, next(2)?, next(2)?, next(4)?);
    parts.next().is_none().then_some(parsed)
}

/// A non-empty run of at most `max_digits` ASCII digits, as a number.
pub(super) fn digits(s: &str, max_digits: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Real province codes (Kemendagri), including the Papua provinces formed in 2022.
pub(super) const PROVINCES: [u8; 38] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75,
    76, 81, 82, 91, 92, 93, 94, 95, 96,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_know_their_kelurahan_kecamatan_and_kota() {
        let r = Regions::from_kelurahan(["53.71.04.1001", "53.71.04.1008", "not a code", "53.71.4.1009"]);
        assert!(r.kelurahan_known("53.71.04.1001"));
        assert!(r.kelurahan_known("53.71.04.1009"), "parts are read zero-padded");
        assert!(!r.kelurahan_known("53.71.04.1002"));
        assert!(!r.kelurahan_known("53.71.04"));
        assert!(!r.kelurahan_known("53.71.04.1001.1"));
        assert!(r.knows_kabkota(5371) && r.knows_kecamatan(537104));
        assert!(!r.knows_kecamatan(537101) && !r.knows_kabkota(5372));
    }
}
