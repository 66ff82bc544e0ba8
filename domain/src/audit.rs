//! What the audit log records: security events, each with a stable stored name and the words
//! an administrator reads.

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident => $stored:literal, $label:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum AuditAction {
            $($variant,)*
        }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            /// The name stored in the log (stable: the hash chain covers it).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $stored,)*
                }
            }

            /// What an administrator reads.
            pub fn label(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $label,)*
                }
            }
        }
    };
}

actions! {
    Masuk => "masuk", "Masuk";
    MasukGagal => "masuk_gagal", "Gagal masuk";
    AkunDibuat => "akun.dibuat", "Akun dibuat";
    AkunDiubah => "akun.diubah", "Akun atau peran diubah";
    AkunDinonaktifkan => "akun.dinonaktifkan", "Akun dinonaktifkan";
    AkunDiaktifkan => "akun.diaktifkan", "Akun diaktifkan";
    SandiDiganti => "akun.sandi_diganti", "Kata sandi diganti";
    KodePemulihanDibuat => "akun.kode_pemulihan_dibuat", "Kode pemulihan dibuat";
    SandiDipulihkan => "akun.sandi_dipulihkan", "Kata sandi dipulihkan";
    SertifikatDiminta => "akun.sertifikat_diminta", "Sertifikat diminta";
    SertifikatDiterbitkan => "akun.sertifikat_diterbitkan", "Sertifikat diterbitkan";
    SertifikatDitolak => "akun.permintaan_sertifikat_ditolak", "Permintaan sertifikat ditolak";
    SertifikatDicabut => "akun.sertifikat_dicabut", "Sertifikat dicabut";
    PassphraseDiganti => "akun.passphrase_diganti", "Passphrase tanda tangan diganti";
    KantorDiubah => "kantor.diubah", "Pengaturan kantor diubah";
    LoketCari => "loket.cari_penduduk", "Data penduduk dilihat di loket";
    KodeAktivasiDibuat => "loket.kode_aktivasi_dibuat", "Kode aktivasi pendaftaran dibuat";
    PendaftaranDibatalkan => "loket.pendaftaran_dibatalkan", "Pendaftaran akun warga dibatalkan";
    PermohonanDiproses => "permohonan.diproses", "Permohonan diproses";
    PermohonanDibuka => "permohonan.dibuka", "Permohonan (dan data pemohon) dibuka petugas";
    AntrianCariNik => "antrian.cari_nik", "Permohonan dicari dengan NIK di antrian";
    SuratDitandatangani => "surat.ditandatangani", "Surat ditandatangani";
    SuratDicabut => "surat.dicabut", "Surat dicabut";
    ImporPenduduk => "penduduk.impor", "Data penduduk diimpor";
    LaporanImporDiunduh => "penduduk.laporan_diunduh", "Laporan impor diunduh";
    CadanganDibuat => "cadangan.dibuat", "Cadangan dibuat";
    CadanganDipulihkan => "cadangan.dipulihkan", "Cadangan dipulihkan";
    ContohDibuat => "contoh.permohonan_dibuat", "Permohonan contoh (sintetis) dibuat";
    RiwayatAksesDilihat => "data_saya.riwayat_dilihat", "Warga melihat riwayat akses datanya";
    DataSayaDiunduh => "data_saya.diunduh", "Warga mengunduh datanya";
}

impl AuditAction {
    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.iter().copied().find(|a| a.as_str() == s)
    }

    /// The word the account log (an account's own history) uses for an account event.
    pub fn account_word(self) -> Option<&'static str> {
        self.as_str().strip_prefix("akun.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn stored_names_are_unique_and_parse_back() {
        let names: HashSet<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), AuditAction::ALL.len());
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(*a));
        }
        assert_eq!(AuditAction::SertifikatDicabut.account_word(), Some("sertifikat_dicabut"));
        assert_eq!(AuditAction::Masuk.account_word(), None);
    }
}
