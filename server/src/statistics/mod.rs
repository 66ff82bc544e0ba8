//! Open statistics (`/statistik`, `/statistik.csv`, `/api/v1/statistik`): letters issued per
//! letter type, kelurahan/desa and month; working days to signature and the share within the
//! standard per kelurahan/desa; the satisfaction index. Anyone may read them, so nothing
//! personal is in them and every figure from fewer than 5 letters or respondents is withheld.
//! A year's figures are computed once and kept for ten minutes.

mod port;

use crate::Services;
use crate::db::{self, survey::Group};
use crate::error::{Error, Result};
use crate::http::csv::line;
use app::statistics::{IssuedCell, MIN_CELL, ServiceRow, Statistics, TypeRow};
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use http::header;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const KEEP: Duration = Duration::from_secs(600);

/// A year's figures, kept for a while (they change as letters are signed, not by the second);
/// per node (`Services::node`: the tests run several databases in one process).
type Kept = (String, i32, Instant, Arc<Statistics>);
static CACHE: Mutex<Vec<Kept>> = Mutex::new(Vec::new());

fn shown(n: u64) -> Option<u64> {
    (n >= MIN_CELL).then_some(n)
}

pub async fn statistics(s: &Services, tahun: Option<&str>) -> Result<Arc<Statistics>> {
    let this_year = s.clock.today().year();
    let year = match tahun.map(str::trim).filter(|t| !t.is_empty()) {
        None => this_year,
        Some(t) => t
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=this_year).contains(y))
            .ok_or_else(|| Error::field("tahun", format!("Tahun tidak dikenal: tulis 2000 sampai {this_year}.")))?,
    };
    if let Ok(cache) = CACHE.lock()
        && let Some((_, _, _, stats)) =
            cache.iter().find(|(node, y, at, _)| *node == s.node && *y == year && at.elapsed() < KEEP)
    {
        return Ok(stats.clone());
    }
    let stats = Arc::new(compute(s, year).await?);
    if let Ok(mut cache) = CACHE.lock() {
        cache.retain(|(node, y, at, _)| (*node != s.node || *y != year) && at.elapsed() < KEEP);
        cache.push((s.node.clone(), year, Instant::now(), stats.clone()));
    }
    Ok(stats)
}

async fn compute(s: &Services, year: i32) -> Result<Statistics> {
    let pool = &s.db.pool;
    let start = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).map(|d| s.clock.start_of(d)).unwrap_or_default();
    let mut bounds = [0i64; 13];
    for (i, b) in bounds.iter_mut().enumerate() {
        *b = if i == 12 { start(year + 1, 1) } else { start(year, i as u32 + 1) };
    }
    let offices = db::offices::all(pool).await?;
    let city = offices.iter().find(|o| o.kind == "kota").map(|o| o.name.clone()).unwrap_or_default();
    let name_of = |code: &str| {
        offices
            .iter()
            .find(|o| o.code == code)
            .map(|o| {
                domain::OfficeKind::of_code(&o.code, &o.name).map_or_else(|| o.name.clone(), |k| k.office_name(&o.name))
            })
            .unwrap_or_else(|| code.to_string())
    };

    // Letters issued: per cell, per letter type and month, per kelurahan/desa.
    let mut cells = Vec::new();
    let mut per_type: BTreeMap<String, [u64; 12]> = BTreeMap::new();
    let mut per_office: HashMap<String, u64> = HashMap::new();
    for (kel, letter_type, month, n) in db::dashboard::signed_by_month(pool, &bounds).await? {
        let (n, m) = (n as u64, (month.clamp(1, 12) - 1) as usize);
        let title = s.catalogue.title(&letter_type).to_string();
        per_type.entry(title.clone()).or_default()[m] += n;
        *per_office.entry(kel.clone()).or_default() += n;
        cells.push(IssuedCell {
            kode_wilayah: kel.clone(),
            kelurahan: name_of(&kel),
            jenis_surat: title,
            bulan: format!("{year}-{:02}", m + 1),
            jumlah: shown(n),
        });
    }
    cells.sort_by(|a, b| (&a.kode_wilayah, &a.jenis_surat, &a.bulan).cmp(&(&b.kode_wilayah, &b.jenis_surat, &b.bulan)));

    // Service time per kelurahan/desa (fixed on each request when it was signed).
    let mut by_office: HashMap<String, (Vec<f64>, u64)> = HashMap::new();
    for (kel, used, within) in db::dashboard::service_times_signed_between(pool, bounds[0], bounds[12]).await? {
        let office = by_office.entry(kel).or_default();
        office.0.push(used as f64);
        office.1 += u64::from(within == 1);
    }
    let from = format!("{year}-01-01");
    let until = format!("{year}-12-31");
    let scope = db::survey::Scope { kelurahan: None, kecamatan: None, from: &from, until: &until, letter_type: None };
    let skm: HashMap<String, (u64, [u64; 9])> = db::survey::totals_by(pool, &scope, Group::Kelurahan)
        .await?
        .into_iter()
        .map(|(k, n, sums)| (k, (n, sums)))
        .collect();
    let mut layanan = Vec::new();
    for o in offices.iter().filter(|o| o.kind == "kelurahan") {
        let issued = per_office.get(&o.code).copied().unwrap_or(0);
        let (mut days, within) = by_office.remove(&o.code).unwrap_or_default();
        days.sort_by(f64::total_cmp);
        let enough = days.len() as u64 >= MIN_CELL;
        let (respondents, sums) = skm.get(&o.code).copied().unwrap_or((0, [0; 9]));
        let ikm = (respondents >= MIN_CELL)
            .then(|| domain::skm::index(sums, respondents))
            .flatten()
            .map(|i| (i.ikm * 100.0).round() / 100.0);
        layanan.push(ServiceRow {
            kode_wilayah: o.code.clone(),
            kelurahan: name_of(&o.code),
            surat_terbit: if issued == 0 { Some(0) } else { shown(issued) },
            median_hari_kerja: enough.then(|| crate::dashboard::percentile(&days, 0.5)).flatten(),
            persen_sesuai_standar: enough.then(|| (within as f64 * 1000.0 / days.len() as f64).round() / 10.0),
            ikm,
            responden_skm: if respondents == 0 { Some(0) } else { shown(respondents) },
        });
    }
    let per_jenis = per_type
        .into_iter()
        .map(|(jenis, months)| TypeRow {
            jenis_surat: jenis,
            per_bulan: months.iter().map(|n| if *n == 0 { Some(0) } else { shown(*n) }).collect(),
            jumlah: shown(months.iter().sum()),
        })
        .collect();
    Ok(Statistics {
        judul: format!("Surat keterangan yang diterbitkan kelurahan/desa di {city}, {year}"),
        deskripsi: "Jumlah surat keterangan yang ditandatangani per jenis surat, kelurahan/desa dan bulan; waktu layanan \
                    dalam hari kerja sejak permohonan diajukan sampai surat ditandatangani, dan persentase yang selesai \
                    sesuai standar pelayanan; Indeks Kepuasan Masyarakat (PermenPANRB 14/2017)."
            .into(),
        sumber: format!("Serambi, layanan surat kelurahan {city}"),
        periode: format!("1 Januari {year} s.d. 31 Desember {year}"),
        tahun: year,
        lisensi: "CC BY 4.0".into(),
        satuan: "surat; hari kerja; persen; indeks 25–100".into(),
        catatan: format!(
            "Tidak memuat data pribadi. Angka dari kurang dari {MIN_CELL} surat atau responden disembunyikan (kosong/null); \
             angka 0 ditampilkan. Diperbarui paling lama setiap 10 menit."
        ),
        dibuat: chrono::Utc::now().to_rfc3339(),
        layanan,
        per_jenis,
        surat_terbit: cells,
    })
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct YearQuery {
    /// The year, e.g. 2026 (default: this year).
    tahun: Option<String>,
}

/// `/api/v1/statistik?tahun=`: the dataset as JSON with its metadata.
#[utoipa::path(
    get,
    path = "/api/v1/statistik",
    tag = "statistik",
    summary = "Statistik layanan surat setahun",
    description = "Surat terbit per jenis, kelurahan/desa dan bulan; median hari kerja sampai tanda tangan; persen \
                   sesuai standar pelayanan; IKM. Dengan metadata (judul, sumber, periode, lisensi) untuk portal \
                   Satu Data. Angka dari kurang dari 5 surat atau responden bernilai `null`. Juga sebagai CSV di \
                   `/statistik.csv?tahun=`.",
    params(YearQuery),
    responses(
        (status = 200, description = "Data setahun dengan metadata.", body = app::statistics::Statistics),
        (status = 422, description = "Tahun tidak dikenal.", body = crate::api_docs::ApiMessage),
    ),
)]
pub async fn json(State(s): State<Arc<Services>>, Query(q): Query<YearQuery>) -> Response {
    match statistics(&s, q.tahun.as_deref()).await {
        Ok(stats) => ([(header::CACHE_CONTROL, "public, max-age=600")], Json(stats.as_ref().clone())).into_response(),
        Err(e) => crate::api_docs::api_error(e, "Statistik tidak ditemukan."),
    }
}

/// `/statistik.csv?tahun=`: the issued letters, one row per kelurahan/desa, letter type and
/// month, after a header of metadata lines starting with `#`.
pub async fn csv(State(s): State<Arc<Services>>, Query(q): Query<YearQuery>) -> Response {
    match statistics(&s, q.tahun.as_deref()).await {
        Ok(st) => {
            let mut out = String::new();
            for (k, v) in [
                ("judul", &st.judul),
                ("sumber", &st.sumber),
                ("periode", &st.periode),
                ("lisensi", &st.lisensi),
                ("catatan", &st.catatan),
            ] {
                out += &format!("# {k}: {v}\r\n");
            }
            out += &line(&["kode_wilayah", "kelurahan", "jenis_surat", "bulan", "jumlah"]);
            for c in &st.surat_terbit {
                let n = c.jumlah.map(|n| n.to_string()).unwrap_or_default();
                out += &line(&[c.kode_wilayah.as_str(), &c.kelurahan, &c.jenis_surat, &c.bulan, &n]);
            }
            crate::http::csv::download(&format!("statistik-surat-{}.csv", st.tahun), out, true)
        }
        Err(e) => e.response_saying("Statistik tidak ditemukan."),
    }
}
