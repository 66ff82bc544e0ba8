use serde::{Deserialize, Serialize};

/// Below this many letters or respondents a figure is withheld (`null`).
pub const MIN_CELL: u64 = 5;

/// Letters of one letter type issued for one kelurahan/desa in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = SuratTerbit))]
pub struct IssuedCell {
    pub kode_wilayah: String,
    pub kelurahan: String,
    pub jenis_surat: String,
    /// "2026-03".
    pub bulan: String,
    /// None: fewer than 5.
    pub jumlah: Option<u64>,
}

/// One kelurahan/desa over the year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Layanan))]
pub struct ServiceRow {
    pub kode_wilayah: String,
    pub kelurahan: String,
    pub surat_terbit: Option<u64>,
    /// Working days from submission to signature.
    pub median_hari_kerja: Option<f64>,
    /// Share signed within the letter type's service standard, 0–100.
    pub persen_sesuai_standar: Option<f64>,
    pub ikm: Option<f64>,
    pub responden_skm: Option<u64>,
}

/// Letters of one type over the year, city-wide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = PerJenis))]
pub struct TypeRow {
    pub jenis_surat: String,
    /// Twelve months; None below 5.
    pub per_bulan: Vec<Option<u64>>,
    pub jumlah: Option<u64>,
}

/// The dataset with the metadata open-data portals ingest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Statistik))]
pub struct Statistics {
    pub judul: String,
    pub deskripsi: String,
    pub sumber: String,
    pub periode: String,
    pub tahun: i32,
    pub lisensi: String,
    pub satuan: String,
    pub catatan: String,
    /// When it was computed, RFC 3339.
    pub dibuat: String,
    pub layanan: Vec<ServiceRow>,
    pub per_jenis: Vec<TypeRow>,
    pub surat_terbit: Vec<IssuedCell>,
}
