//! The deployment's regions (kab/kota, kecamatan, kelurahan), Indonesia's province codes and,
//! when the Kemendagri region list is loaded, every kecamatan in Indonesia.

/// What the validator knows of the regions, built once from the kelurahan office codes like
/// "53.71.04.1001" (province.kab/kota.kecamatan.kelurahan) and, when the national region list
/// is loaded, from its kecamatan codes ([`Regions::with_national_kecamatan`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regions {
    /// 4-digit kab/kota codes as numbers (5371), sorted.
    kabkota: Vec<u32>,
    /// 6-digit kecamatan codes as numbers (537104), sorted.
    kecamatan: Vec<u32>,
    /// 10-digit kelurahan codes as numbers (5371041001), sorted.
    kelurahan: Vec<u64>,
    /// Every kecamatan in Indonesia (6-digit numbers, sorted) and their kab/kota (4-digit),
    /// when the national list is loaded; None keeps the deployment-only checks.
    national: Option<National>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct National {
    kabkota: Vec<u32>,
    kecamatan: Vec<u32>,
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

    /// The same regions, plus every kecamatan of the national list ("53.71.04"; codes not of
    /// the form `PP.KK.CC` are skipped). From then on a NIK or KK number must carry a known
    /// kecamatan wherever in Indonesia it was issued. An empty list changes nothing.
    pub fn with_national_kecamatan<'a>(mut self, codes: impl IntoIterator<Item = &'a str>) -> Regions {
        let mut kecamatan: Vec<u32> = codes
            .into_iter()
            .filter_map(|code| {
                let mut parts = code.trim().split('.');
                let mut next = || digits(parts.next()?, 2);
                let parsed = (next()?, next()?, next()?);
                parts.next().is_none().then_some(parsed)
            })
            .map(|(p, k, c)| kecamatan_key(p, k, c))
            .collect();
        if kecamatan.is_empty() {
            return self;
        }
        kecamatan.sort_unstable();
        kecamatan.dedup();
        let mut kabkota: Vec<u32> = kecamatan.iter().map(|k| k / 100).collect();
        kabkota.dedup();
        self.national = Some(National { kabkota, kecamatan });
        self
    }

    /// Whether the national region list is part of these regions.
    pub fn national(&self) -> bool {
        self.national.is_some()
    }

    /// Whether `code` ("53.71.04.1001") is one of the deployment's kelurahan.
    pub fn kelurahan_known(&self, code: &str) -> bool {
        parse_kelurahan_code(code).is_some_and(|(p, k, c, l)| self.knows_kelurahan(p, k, c, l))
    }

    pub(super) fn knows_kelurahan(&self, p: u32, k: u32, c: u32, l: u32) -> bool {
        self.kelurahan.binary_search(&kelurahan_key(p, k, c, l)).is_ok()
    }
    fn knows_kabkota(&self, kabkota4: u32) -> bool {
        self.kabkota.binary_search(&kabkota4).is_ok()
    }
    fn knows_kecamatan(&self, kecamatan6: u32) -> bool {
        self.kecamatan.binary_search(&kecamatan6).is_ok()
    }

    /// What the region part (PPKKCC, as a number) of a NIK or KK number says, as far as these
    /// regions know. The deployment's own kecamatan always count, even if the national list
    /// lacks them.
    pub(super) fn issuing_region(&self, kecamatan6: u32) -> Issued {
        let kabkota = kecamatan6 / 100;
        if self.knows_kecamatan(kecamatan6) {
            return Issued::Known;
        }
        match &self.national {
            Some(n) if n.kecamatan.binary_search(&kecamatan6).is_ok() => Issued::Known,
            Some(n) if n.kabkota.binary_search(&kabkota).is_err() => Issued::UnknownKabkota,
            Some(_) => Issued::UnknownKecamatan,
            None if self.knows_kabkota(kabkota) => Issued::UnknownKecamatan,
            // Without the national list only the deployment's own kab/kota can be checked.
            None => Issued::Known,
        }
    }
}

/// See [`Regions::issuing_region`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Issued {
    Known,
    UnknownKabkota,
    UnknownKecamatan,
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

    #[test]
    fn without_the_national_list_only_this_kota_is_held_to_its_kecamatan() {
        let r = Regions::from_kelurahan(["53.71.04.1001"]);
        assert!(!r.national());
        assert_eq!(r.issuing_region(537104), Issued::Known);
        assert_eq!(r.issuing_region(537109), Issued::UnknownKecamatan);
        assert_eq!(r.issuing_region(530104), Issued::Known, "another kab/kota is not checked");
        assert_eq!(r.issuing_region(539999), Issued::Known);
    }

    #[test]
    fn with_the_national_list_every_kecamatan_in_indonesia_is_checked() {
        let r = Regions::from_kelurahan(["53.71.04.1001", "53.71.07.1001"]).with_national_kecamatan([
            "53.71.04",
            "53.01.04",
            "31.71.01",
            "not a code",
            "53.01",
        ]);
        assert!(r.national());
        assert_eq!(r.issuing_region(530104), Issued::Known, "Semau, Kabupaten Kupang");
        assert_eq!(r.issuing_region(317101), Issued::Known, "Gambir, Jakarta Pusat");
        assert_eq!(r.issuing_region(530199), Issued::UnknownKecamatan);
        assert_eq!(r.issuing_region(537109), Issued::UnknownKecamatan);
        assert_eq!(r.issuing_region(539904), Issued::UnknownKabkota);
        // A configured kecamatan the list lacks (a newer one) still counts.
        assert_eq!(r.issuing_region(537107), Issued::Known);
    }

    #[test]
    fn an_empty_national_list_keeps_the_deployment_only_checks() {
        let r = Regions::from_kelurahan(["53.71.04.1001"]);
        assert_eq!(r.clone().with_national_kecamatan([]), r);
        assert_eq!(r.clone().with_national_kecamatan(["53.71.04.1001", "x"]), r, "only PP.KK.CC codes count");
    }
}
