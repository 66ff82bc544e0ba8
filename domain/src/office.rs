//! Kinds of office and the titles that follow from them. A village-level office is a
//! **kelurahan** (urban, headed by a Lurah, a civil servant) or a **desa** (rural, headed by an
//! elected Kepala Desa); above them the kecamatan (Camat) and the kota or kabupaten.

use crate::status::{Role, UnknownValue};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeKind {
    Kota,
    Kabupaten,
    Kecamatan,
    Kelurahan,
    Desa,
}

/// Where an office stands in the chain a letter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// Kota or kabupaten.
    Daerah,
    Kecamatan,
    /// Kelurahan or desa: where residents ask for letters.
    Desa,
}

impl TryFrom<String> for OfficeKind {
    type Error = UnknownValue;
    fn try_from(s: String) -> Result<OfficeKind, UnknownValue> {
        OfficeKind::parse(&s).ok_or(UnknownValue(s))
    }
}

impl OfficeKind {
    pub const ALL: [OfficeKind; 5] =
        [OfficeKind::Kota, OfficeKind::Kabupaten, OfficeKind::Kecamatan, OfficeKind::Kelurahan, OfficeKind::Desa];

    pub fn as_str(self) -> &'static str {
        match self {
            OfficeKind::Kota => "kota",
            OfficeKind::Kabupaten => "kabupaten",
            OfficeKind::Kecamatan => "kecamatan",
            OfficeKind::Kelurahan => "kelurahan",
            OfficeKind::Desa => "desa",
        }
    }

    pub fn parse(s: &str) -> Option<OfficeKind> {
        OfficeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn tier(self) -> Tier {
        match self {
            OfficeKind::Kota | OfficeKind::Kabupaten => Tier::Daerah,
            OfficeKind::Kecamatan => Tier::Kecamatan,
            OfficeKind::Kelurahan | OfficeKind::Desa => Tier::Desa,
        }
    }

    /// "Kelurahan", "Desa", "Kecamatan", "Kota", "Kabupaten".
    pub fn label(self) -> &'static str {
        match self {
            OfficeKind::Kota => "Kota",
            OfficeKind::Kabupaten => "Kabupaten",
            OfficeKind::Kecamatan => "Kecamatan",
            OfficeKind::Kelurahan => "Kelurahan",
            OfficeKind::Desa => "Desa",
        }
    }

    /// The office's full name, "Kelurahan Oebobo" or "Desa Oelnasi". A kota or kabupaten's name
    /// from the region list already says which it is ("Kabupaten Kupang"), so it stays as given.
    pub fn office_name(self, name: &str) -> String {
        match self.tier() {
            Tier::Daerah if name.starts_with(self.label()) => name.to_string(),
            _ => format!("{} {name}", self.label()),
        }
    }

    /// The head's title: Lurah, Kepala Desa, Camat, Wali Kota, Bupati.
    pub fn head_title(self) -> &'static str {
        match self {
            OfficeKind::Kota => "Wali Kota",
            OfficeKind::Kabupaten => "Bupati",
            OfficeKind::Kecamatan => "Camat",
            OfficeKind::Kelurahan => "Lurah",
            OfficeKind::Desa => "Kepala Desa",
        }
    }

    /// The secretary's title: Sekretaris Kelurahan, Sekretaris Desa, Sekretaris Kecamatan.
    pub fn secretary_title(self) -> String {
        format!("Sekretaris {}", self.label())
    }

    /// What a role is called in an office of this kind ("Kepala Desa" for the head of a desa).
    pub fn role_label(self, role: Role) -> String {
        match role {
            Role::Lurah => self.head_title().to_string(),
            Role::PetugasKelurahan => format!("Petugas {}", self.label()),
            Role::AdminKantor => format!("Admin {}", self.label()),
            other => other.label().to_string(),
        }
    }

    /// A Kemendagri code's kind by its shape: `53` province (None), `53.71` kota or kabupaten
    /// (by the name), `53.71.04` kecamatan, `53.71.04.1001` kelurahan (serial 1xxx) or desa
    /// (2xxx, and the few 3xxx units counted with desa).
    pub fn of_code(code: &str, name: &str) -> Option<OfficeKind> {
        let parts: Vec<&str> = code.split('.').collect();
        match parts.as_slice() {
            [_, _] => Some(if name.starts_with("Kota") { OfficeKind::Kota } else { OfficeKind::Kabupaten }),
            [_, _, _] => Some(OfficeKind::Kecamatan),
            [_, _, _, serial] => Some(if serial.starts_with('1') { OfficeKind::Kelurahan } else { OfficeKind::Desa }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_follow_the_kind_of_office() {
        assert_eq!(OfficeKind::Desa.head_title(), "Kepala Desa");
        assert_eq!(OfficeKind::Kelurahan.role_label(Role::Lurah), "Lurah");
        assert_eq!(OfficeKind::Desa.role_label(Role::Lurah), "Kepala Desa");
        assert_eq!(OfficeKind::Desa.role_label(Role::PetugasKelurahan), "Petugas Desa");
        assert_eq!(OfficeKind::Desa.secretary_title(), "Sekretaris Desa");
        assert_eq!(OfficeKind::Kabupaten.office_name("Kabupaten Kupang"), "Kabupaten Kupang");
        assert_eq!(OfficeKind::Kota.office_name("Kupang"), "Kota Kupang");
        assert_eq!(OfficeKind::Desa.office_name("Oelnasi"), "Desa Oelnasi");
    }

    #[test]
    fn codes_tell_their_kind() {
        assert_eq!(OfficeKind::of_code("53.01", "Kabupaten Kupang"), Some(OfficeKind::Kabupaten));
        assert_eq!(OfficeKind::of_code("53.71", "Kota Kupang"), Some(OfficeKind::Kota));
        assert_eq!(OfficeKind::of_code("53.01.04", "Semau"), Some(OfficeKind::Kecamatan));
        assert_eq!(OfficeKind::of_code("53.71.04.1001", "Oebobo"), Some(OfficeKind::Kelurahan));
        assert_eq!(OfficeKind::of_code("53.01.04.2003", "Uitao"), Some(OfficeKind::Desa));
        assert_eq!(OfficeKind::of_code("53", "Nusa Tenggara Timur"), None);
        for k in OfficeKind::ALL {
            assert_eq!(OfficeKind::parse(k.as_str()), Some(k));
        }
    }
}
