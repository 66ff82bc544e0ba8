//! A synthetic population in families, with NIKs consistent with birth date, sex and
//! kecamatan. Deterministic: the same seed gives the same people.

use super::kupang::{KELURAHAN, kecamatan_of, nik_region};
use crate::db::residents::Resident;
use chrono::{Datelike, NaiveDate};
use domain::{Nik, NoKk, Sex};
use std::collections::{HashMap, HashSet};

/// SplitMix64: small, fast and good enough for synthetic data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const MEN: &[&str] = &[
    "Yohanes",
    "Agustinus",
    "Fransiskus",
    "Petrus",
    "Markus",
    "Daniel",
    "Yakobus",
    "Simon",
    "Paulus",
    "Yosef",
    "Stefanus",
    "Matheus",
    "Aloysius",
    "Benediktus",
    "Kornelis",
    "Marthen",
    "Ferdinand",
    "Obed",
    "Yusuf",
    "Ahmad",
    "Abdul",
    "Made",
    "Wayan",
    "Roni",
    "Jefri",
    "Imanuel",
    "Gabriel",
    "Nikolaus",
    "Viktor",
    "Hendrik",
];
const WOMEN: &[&str] = &[
    "Maria",
    "Yuliana",
    "Theresia",
    "Elisabeth",
    "Imelda",
    "Ester",
    "Ruth",
    "Debora",
    "Agnes",
    "Veronika",
    "Katarina",
    "Margaretha",
    "Yohana",
    "Sisilia",
    "Magdalena",
    "Filomena",
    "Antonia",
    "Rosalia",
    "Naomi",
    "Siti",
    "Aminah",
    "Ketut",
    "Novita",
    "Yanti",
    "Sarlota",
    "Yustina",
    "Dortea",
    "Agustina",
    "Kristina",
    "Bernadeta",
];
const FAMILIES: &[&str] = &[
    "Lende",
    "Benu",
    "Tefa",
    "Nope",
    "Manafe",
    "Ndun",
    "Kase",
    "Bana",
    "Fanggidae",
    "Radja",
    "Tallo",
    "Lay",
    "Pello",
    "Koroh",
    "Adoe",
    "Dethan",
    "Messakh",
    "Mooy",
    "Sinlae",
    "Taneo",
    "Bessie",
    "Nenabu",
    "Kolo",
    "Seran",
    "Nalle",
    "Amalo",
    "Bire",
    "Djami",
    "Lomi",
    "Riwu",
    "Haning",
    "Therik",
    "Foenay",
    "Tuka",
    "Lado",
    "Sabuna",
];
const PLACES: &[&str] =
    &["Kupang", "Kupang", "Kupang", "Soe", "Kefamenanu", "Atambua", "Rote", "Sabu", "Ende", "Maumere"];
const STREETS: &[&str] = &[
    "Jl. Frans Seda",
    "Jl. El Tari",
    "Jl. Soeharto",
    "Jl. Timor Raya",
    "Jl. W.J. Lalamentik",
    "Jl. Piet A. Tallo",
    "Jl. Adisucipto",
    "Jl. Sam Ratulangi",
    "Jl. Perintis Kemerdekaan",
    "Jl. Moh. Hatta",
    "Jl. Cak Doko",
];
const JOBS: &[&str] = &[
    "WIRASWASTA",
    "PEGAWAI NEGERI SIPIL",
    "PETANI/PEKEBUN",
    "NELAYAN/PERIKANAN",
    "KARYAWAN SWASTA",
    "GURU",
    "PEDAGANG",
    "SOPIR",
    "TUKANG KAYU",
    "PERAWAT",
    "BURUH HARIAN LEPAS",
];

fn religion(rng: &mut Rng) -> &'static str {
    match rng.below(100) {
        0..=54 => "KRISTEN",
        55..=84 => "KATHOLIK",
        85..=96 => "ISLAM",
        97..=98 => "HINDU",
        _ => "BUDDHA",
    }
}

/// Hands out NIK serials so that no two people share a NIK.
#[derive(Default)]
pub struct Serials {
    taken: HashSet<String>,
    next: HashMap<String, u32>,
    /// KK serials per region and registration date, so that repeated calls of [`generate`]
    /// never hand out a family card twice.
    kk: HashMap<String, u32>,
}

impl Serials {
    pub fn reserve(&mut self, nik: &str) {
        self.taken.insert(nik.to_string());
    }
    fn nik(&mut self, region: &str, birth: NaiveDate, sex: Sex) -> String {
        loop {
            let base = Nik::compose(region, birth, sex, 1).expect("valid NIK").as_str()[..12].to_string();
            let n = self.next.entry(base.clone()).or_insert(1);
            let candidate = format!("{base}{:04}", *n);
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

struct Family<'a> {
    kk: String,
    kelurahan: &'a str,
    /// Every village people may have moved in from.
    villages: &'a [&'a str],
    address: String,
    rt: String,
    rw: String,
    name: &'static str,
    religion: &'static str,
}

impl Family<'_> {
    #[allow(clippy::too_many_arguments)]
    fn person(
        &self,
        rng: &mut Rng,
        serials: &mut Serials,
        first: &str,
        sex: Sex,
        birth: NaiveDate,
        relation: &str,
        marital: &str,
        mother: &str,
    ) -> Resident {
        let region = nik_region(kecamatan_of(self.kelurahan));
        // Most were first registered in the kecamatan they live in; some moved in.
        let region = if rng.chance(85) {
            region
        } else {
            let moved_from: &&str = rng.pick(self.villages);
            nik_region(kecamatan_of(moved_from))
        };
        let occupation = if birth.year() > 2007 { "PELAJAR/MAHASISWA" } else { *rng.pick(JOBS) };
        Resident {
            nik: Nik::parse(&serials.nik(&region, birth, sex)).expect("a composed NIK parses"),
            no_kk: NoKk::parse(&self.kk).expect("a composed KK number parses"),
            name: format!("{first} {}", self.name).to_uppercase(),
            birth_place: rng.pick(PLACES).to_uppercase(),
            birth_date: birth,
            sex,
            religion: self.religion.into(),
            marital_status: marital.into(),
            occupation: occupation.into(),
            citizenship: "WNI".into(),
            address: self.address.clone(),
            rt: self.rt.clone(),
            rw: self.rw.clone(),
            kelurahan_code: self.kelurahan.into(),
            family_relation: relation.into(),
            mother_name: mother.to_uppercase(),
        }
    }
}

fn birth(rng: &mut Rng, from_year: i32, to_year: i32) -> NaiveDate {
    let year = from_year + rng.below((to_year - from_year + 1) as u64) as i32;
    let day = 1 + rng.below(365) as u32;
    NaiveDate::from_yo_opt(year, day).unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 1, 1).expect("valid"))
}

/// At least `target` residents in families spread over all of Kota Kupang's kelurahan.
pub fn generate(target: usize, seed: u64, serials: &mut Serials) -> Vec<Resident> {
    let villages: Vec<&str> = KELURAHAN.iter().map(|k| k.0).collect();
    generate_in(target, seed, serials, &villages)
}

/// At least `target` residents in families spread over `villages` (kelurahan/desa codes
/// "53.01.04.2005"; not empty).
pub fn generate_in(target: usize, seed: u64, serials: &mut Serials, villages: &[&str]) -> Vec<Resident> {
    let mut rng = Rng::new(seed);
    let mut people = Vec::with_capacity(target + 8);
    let mut i = 0usize;
    while people.len() < target {
        let kelurahan = villages[i % villages.len()];
        i += 1;
        let region = nik_region(kecamatan_of(kelurahan));
        let reg = birth(&mut rng, 2010, 2025);
        let n = serials.kk.entry(format!("{region}{}", reg.format("%d%m%y"))).or_insert(0);
        *n += 1;
        let family = Family {
            kk: format!("{region}{}{:04}", reg.format("%d%m%y"), *n),
            kelurahan,
            villages,
            address: format!("{} No. {}", rng.pick(STREETS), 1 + rng.below(150)),
            rt: format!("{:03}", 1 + rng.below(20)),
            rw: format!("{:03}", 1 + rng.below(8)),
            name: FAMILIES[rng.below(FAMILIES.len() as u64) as usize],
            religion: religion(&mut rng),
        };
        let grandmother = *rng.pick(WOMEN);
        if rng.chance(8) {
            // A widow heading her household.
            let b = birth(&mut rng, 1945, 1975);
            let first = *rng.pick(WOMEN);
            people.push(family.person(
                &mut rng,
                serials,
                first,
                Sex::Perempuan,
                b,
                "KEPALA KELUARGA",
                "CERAI MATI",
                grandmother,
            ));
            continue;
        }
        let head_birth = birth(&mut rng, 1950, 2000);
        let head = *rng.pick(MEN);
        let single = rng.chance(10);
        let marital = if single { "BELUM KAWIN" } else { "KAWIN" };
        people.push(family.person(
            &mut rng,
            serials,
            head,
            Sex::LakiLaki,
            head_birth,
            "KEPALA KELUARGA",
            marital,
            grandmother,
        ));
        if single {
            continue;
        }
        let wife = *rng.pick(WOMEN);
        let wife_birth = birth(&mut rng, head_birth.year() - 2, head_birth.year() + 6);
        let wife_mother = *rng.pick(WOMEN);
        people.push(family.person(&mut rng, serials, wife, Sex::Perempuan, wife_birth, "ISTRI", "KAWIN", wife_mother));
        let first_child = wife_birth.year() + 20;
        if first_child > 2025 {
            continue;
        }
        for _ in 0..rng.below(5) {
            let sex = if rng.chance(50) { Sex::LakiLaki } else { Sex::Perempuan };
            let first = if sex == Sex::LakiLaki { *rng.pick(MEN) } else { *rng.pick(WOMEN) };
            let b = birth(&mut rng, first_child, 2025.min(first_child + 20));
            people.push(family.person(&mut rng, serials, first, sex, b, "ANAK", "BELUM KAWIN", wife));
        }
    }
    people
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generated_nik_is_unique_and_matches_its_record() {
        let people = generate(3_000, 7, &mut Serials::default());
        assert!(people.len() >= 3_000);
        let mut seen = HashSet::new();
        for p in &people {
            assert!(seen.insert(p.nik.clone()), "duplicate NIK");
            let nik = p.nik.clone();
            let birth = p.birth_date;
            let sex = p.sex;
            assert!(nik.check_against(birth, sex).is_empty());
            assert!(domain::NoKk::parse(p.no_kk.as_str()).is_ok());
            assert!(nik.region().starts_with("5371"));
        }
    }

    #[test]
    fn families_share_a_kk_and_have_one_head() {
        let people = generate(2_000, 11, &mut Serials::default());
        let mut heads: HashMap<&str, usize> = HashMap::new();
        for p in &people {
            if p.family_relation == "KEPALA KELUARGA" {
                *heads.entry(p.no_kk.as_str()).or_default() += 1;
            }
        }
        let kks: HashSet<&str> = people.iter().map(|p| p.no_kk.as_str()).collect();
        assert_eq!(heads.len(), kks.len());
        assert!(heads.values().all(|n| *n == 1));
        assert!(kks.len() * 2 < people.len(), "families, not only singles");
    }

    #[test]
    fn the_same_seed_gives_the_same_people() {
        let a = generate(500, 3, &mut Serials::default());
        let b = generate(500, 3, &mut Serials::default());
        assert_eq!(a, b);
    }
}
