//! Residents' rights over their data (UU PDP 27/2022): the access history (every time an
//! official opened a request of theirs with their record, looked them up at the counter,
//! processed, signed or revoked their letters, made a reset code for their account, or an
//! import changed their record) and a copy of everything kept about them, as JSON and as a
//! readable PDF. Reading either is itself recorded in the audit log.

use crate::Services;
use crate::accounts::{Actor, CurrentUser};
use crate::audit::{self, Event};
use crate::db::{self, access::AccessRow};
use crate::error::{Error, Result};
use crate::population::{stored_nik, views};
use app::population::AccessEntry;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use domain::{AuditAction, Nik, OfficeKind, Role};
use http::header;
use serde::Serialize;
use serde_json::{Value, json};
use std::sync::Arc;

/// The most events the history shows (newest first).
const HISTORY_LIMIT: i64 = 1000;
/// The typst document of the PDF copy, in the templates' `_lib`.
const PDF_DOCUMENT: &str = "/_lib/data-saya.typ";
const NO_MOTHER: &str = "Nama ibu kandung tidak disertakan: nama itu dipakai untuk memastikan identitas saat \
                         mendaftar. Lihat di kantor kelurahan/desa dengan membawa KTP.";

/// The signed-in resident and their NIK; anyone else is refused.
async fn resident(s: &Services, actor: &Actor) -> Result<(db::users::User, Nik)> {
    if actor.role != Role::Warga {
        return Err(Error::Forbidden);
    }
    let user = db::users::by_id(&s.db.pool, actor.user_id).await?.ok_or(Error::Unauthorized)?;
    let nik = stored_nik(user.nik.as_deref().ok_or(Error::Forbidden)?)?;
    Ok((user, nik))
}

/// Records that the resident read their history or took a copy.
async fn record_reading(s: &Services, actor: &Actor, action: AuditAction, detail: &str) -> Result<()> {
    let by = actor.user_id.to_string();
    let mut tx = s.db.begin().await?;
    audit::record(&mut tx, Event::new(action, Some(&by)).subject(&by).detail(detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// The access history, newest first; reading it is recorded.
pub async fn history(s: &Services, actor: &Actor) -> Result<Vec<AccessEntry>> {
    let (user, nik) = resident(s, actor).await?;
    let entries = entries(s, &user, &nik).await?;
    record_reading(s, actor, AuditAction::RiwayatAksesDilihat, "").await?;
    Ok(entries)
}

async fn entries(s: &Services, user: &db::users::User, nik: &Nik) -> Result<Vec<AccessEntry>> {
    let subject = {
        let mut tx = s.db.begin().await?;
        let subject = audit::nik_subject(&mut tx, nik).await?;
        tx.commit().await?;
        subject
    };
    let rows = db::access::events_about(&s.db.pool, &user.id, nik.as_str(), &subject, HISTORY_LIMIT).await?;
    let mut timed: Vec<(i64, AccessEntry)> = rows.iter().map(|r| (r.at, entry(s, r))).collect();
    // The import that last changed the record, if one did.
    if let Some(changed) = db::access::record_changed_at(&s.db.pool, nik.as_str()).await?
        && let Some(import) = db::access::import_at(&s.db.pool, changed).await?
    {
        let role = import.actor_role.as_deref().and_then(Role::parse);
        timed.push((
            changed,
            AccessEntry {
                waktu: s.clock.label(changed),
                kantor: office(import.office_kind.as_deref(), import.office_name.as_deref()),
                peran: role.map(|r| r.label().to_string()).unwrap_or_else(|| "Sistem (baris perintah)".into()),
                kegiatan: format!(
                    "Data kependudukan Anda diperbarui lewat impor data Dukcapil (dimulai {})",
                    s.clock.label(import.started_at)
                ),
            },
        ));
    }
    timed.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    Ok(timed.into_iter().map(|(_, e)| e).collect())
}

fn office(kind: Option<&str>, name: Option<&str>) -> String {
    match (kind.and_then(OfficeKind::parse), name) {
        (Some(kind), Some(name)) => kind.office_name(name),
        (None, Some(name)) => name.to_string(),
        _ => "Pemerintah kota (seluruh kantor)".to_string(),
    }
}

fn entry(s: &Services, r: &AccessRow) -> AccessEntry {
    let kind = r.office_kind.as_deref().and_then(OfficeKind::parse);
    let role = Role::parse(&r.actor_role);
    let peran = match (kind, role) {
        (Some(k), Some(role)) => k.role_label(role),
        (None, Some(role)) => role.label().to_string(),
        _ => r.actor_role.clone(),
    };
    // The code as people read it (SRB-XXXX-XX).
    let code = r.reference.as_deref().map(|c| domain::Reference::parse(c).map(|r| r.to_string()).unwrap_or(c.into()));
    let of = |what: &str| match &code {
        Some(code) => format!("{what} {code}"),
        None => what.to_string(),
    };
    let kegiatan = match AuditAction::parse(&r.action) {
        Some(AuditAction::LoketCari) => "Mencari data kependudukan Anda di loket".to_string(),
        Some(AuditAction::AntrianCariNik) => "Mencari permohonan atas NIK Anda di antrian petugas".to_string(),
        Some(AuditAction::PermohonanDibuka) => format!("{} beserta data kependudukan Anda", of("Membuka permohonan")),
        Some(AuditAction::PermohonanDiproses) => of("Memproses permohonan"),
        Some(AuditAction::SuratDitandatangani) => of("Menandatangani surat untuk permohonan"),
        Some(AuditAction::SuratDicabut) => of("Mencabut surat untuk permohonan"),
        Some(AuditAction::KodePemulihanDibuat) => "Membuat kode pemulihan kata sandi akun Anda".to_string(),
        Some(other) => other.label().to_string(),
        None => r.action.clone(),
    };
    AccessEntry {
        waktu: s.clock.label(r.at),
        kantor: office(r.office_kind.as_deref(), r.office_name.as_deref()),
        peran,
        kegiatan,
    }
}

/// Everything kept about the resident, as the JSON copy shows it.
#[derive(Debug, Serialize)]
pub struct MyData {
    pub dibuat: String,
    pub sumber: String,
    pub catatan: &'static str,
    pub data_kependudukan: Option<Value>,
    pub akun: Value,
    pub pemberitahuan: Value,
    pub permohonan: Vec<Value>,
    pub koreksi_data: Vec<Value>,
    pub riwayat_akses: Vec<AccessEntry>,
}

/// The copy of the resident's data; taking it is recorded (`format`: "json" or "pdf").
pub async fn copy(s: &Services, actor: &Actor, format: &str) -> Result<MyData> {
    let (user, nik) = resident(s, actor).await?;
    let iso = |ms: i64| s.clock.local(ms).to_rfc3339();
    let person = match s.population.person(&nik).await? {
        Some(r) => {
            let mut v = serde_json::to_value(views::resident_view(views::person_data(&r)))
                .map_err(|e| Error::Other(e.into()))?;
            if let Some(o) = v.as_object_mut() {
                o.remove("nama_ibu");
            }
            Some(v)
        }
        None => None,
    };
    let akun = json!({
        "nik": nik.as_str(),
        "nama": user.display_name,
        "peran": user.role.label(),
        "masuk_terakhir": user.last_login_at.map(iso),
    });
    let (channel, enabled) = db::notifications::settings(&s.db.pool, &user.id).await?.unwrap_or((None, true));
    let contacts = db::notifications::contacts(&s.db.pool, &user.id).await?;
    let pemberitahuan = json!({
        "aktif": enabled,
        "saluran": channel.map(|c| c.label()),
        "kontak": contacts.iter().map(|c| json!({
            "saluran": c.channel.label(),
            "alamat": c.address,
            "terverifikasi": c.verified_at.map(iso),
        })).collect::<Vec<_>>(),
    });
    let mut permohonan = Vec::new();
    for r in db::requests::for_resident(&s.db.pool, actor.user_id, nik.as_str()).await? {
        let events = db::requests::events(&s.db.pool, r.id).await?;
        let letter = db::letters::by_request(&s.db.pool, r.id).await?;
        let fields: Value = serde_json::from_str(&r.fields_json).unwrap_or(Value::Null);
        permohonan.push(json!({
            "kode": r.reference.to_string(),
            "jenis_surat": s.catalogue.title(&r.letter_type),
            "status": r.status.label(r.office_kind),
            "saluran": if r.channel == domain::Channel::Loket { "loket" } else { "daring" },
            "kantor": r.office_kind.office_name(&r.kelurahan_name),
            "diajukan": iso(r.created_at),
            "diperbarui": iso(r.updated_at),
            "isian": fields,
            "langkah": events.iter().map(|e| json!({
                "waktu": iso(e.at),
                "peran": r.office_kind.role_label(e.actor_role),
                "status": e.to_status.label(r.office_kind),
                "catatan": e.note,
            })).collect::<Vec<_>>(),
            "surat": letter.map(|l| json!({
                "nomor": l.number,
                "ditandatangani": iso(l.signed_at),
                "jabatan_penanda_tangan": l.signer_position,
                "dicabut": l.revoked_at.map(iso),
                "alasan_pencabutan": l.revoked_reason,
                "alamat_verifikasi": format!("{}/v/{}", s.config.public_url.trim_end_matches('/'), l.id),
            })),
        }));
    }
    let koreksi_data = db::corrections::for_nik(&s.db.pool, nik.as_str())
        .await?
        .into_iter()
        .map(|c| {
            json!({
                "dilaporkan": iso(c.created_at),
                "data": c.fields,
                "catatan": c.note,
                "status": match c.status {
                    db::corrections::CorrectionStatus::Baru => "menunggu kelurahan/desa",
                    db::corrections::CorrectionStatus::Selesai => "sudah ditanggapi",
                },
                "tanggapan": c.response,
            })
        })
        .collect();
    let riwayat_akses = entries(s, &user, &nik).await?;
    record_reading(s, actor, AuditAction::DataSayaDiunduh, format).await?;
    Ok(MyData {
        dibuat: iso(db::now_ms()),
        sumber: format!("Serambi, {}", s.config.public_url.trim_end_matches('/')),
        catatan: NO_MOTHER,
        data_kependudukan: person,
        akun,
        pemberitahuan,
        permohonan,
        koreksi_data,
        riwayat_akses,
    })
}

/// The copy laid out for the PDF document: pairs of label and value.
fn printable(s: &Services, d: &MyData) -> Value {
    let text = |v: &Value| match v {
        Value::Null => "-".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let pairs = |v: &Value| -> Vec<Value> {
        v.as_object().map(|o| o.iter().map(|(k, v)| json!([label(k), text(v)])).collect()).unwrap_or_default()
    };
    let when = |v: &Value| {
        v.as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| s.clock.label(t.timestamp_millis()))
            .unwrap_or_else(|| text(v))
    };
    let permohonan: Vec<Value> = d
        .permohonan
        .iter()
        .map(|p| {
            let mut rincian = vec![
                json!(["Status", text(&p["status"])]),
                json!(["Kantor", text(&p["kantor"])]),
                json!(["Saluran", text(&p["saluran"])]),
                json!(["Diajukan", when(&p["diajukan"])]),
            ];
            if let Some(fields) = p["isian"].as_object() {
                for (k, v) in fields {
                    let shown = match v {
                        Value::Array(rows) => rows.iter().map(pairs_text).collect::<Vec<_>>().join("; "),
                        other => text(other),
                    };
                    rincian.push(json!([label(k), shown]));
                }
            }
            if p["surat"].is_object() {
                let l = &p["surat"];
                rincian.push(json!(["Nomor surat", text(&l["nomor"])]));
                rincian.push(json!(["Ditandatangani", when(&l["ditandatangani"])]));
                if !l["dicabut"].is_null() {
                    rincian.push(json!(["Dicabut", format!("{} ({})", when(&l["dicabut"]), text(&l["alasan_pencabutan"]))]));
                }
                rincian.push(json!(["Periksa keaslian", text(&l["alamat_verifikasi"])]));
            }
            let langkah: Vec<Value> = p["langkah"]
                .as_array()
                .map(|steps| {
                    steps
                        .iter()
                        .map(|e| {
                            let note = e["catatan"].as_str().filter(|n| !n.is_empty());
                            let what = match note {
                                Some(n) => format!("{} — {} ({n})", text(&e["status"]), text(&e["peran"])),
                                None => format!("{} — {}", text(&e["status"]), text(&e["peran"])),
                            };
                            json!([when(&e["waktu"]), what])
                        })
                        .collect()
                })
                .unwrap_or_default();
            json!({ "judul": text(&p["jenis_surat"]), "kode": text(&p["kode"]), "rincian": rincian, "langkah": langkah })
        })
        .collect();
    let mut akun = pairs(&d.akun);
    if let Some(last) = d.akun.get("masuk_terakhir") {
        akun.retain(|p| p[0] != "Masuk terakhir");
        akun.push(json!(["Masuk terakhir", when(last)]));
    }
    let n = &d.pemberitahuan;
    let mut notifikasi = vec![
        json!(["Pemberitahuan", if n["aktif"].as_bool() == Some(false) { "mati" } else { "hidup" }]),
        json!(["Dikirim lewat", text(&n["saluran"])]),
    ];
    for c in n["kontak"].as_array().into_iter().flatten() {
        let verified = if c["terverifikasi"].is_null() { "belum terverifikasi" } else { "terverifikasi" };
        notifikasi.push(json!([text(&c["saluran"]), format!("{} ({verified})", text(&c["alamat"]))]));
    }
    json!({
        "judul": "Data Saya",
        "dibuat": when(&json!(d.dibuat)),
        "penduduk": d.data_kependudukan.as_ref().map(pairs).unwrap_or_default(),
        "catatan_penduduk": d.catatan,
        "akun": akun,
        "notifikasi": notifikasi,
        "permohonan": permohonan,
        "akses": d.riwayat_akses.iter().map(|e| json!([e.waktu, e.kantor, e.peran, e.kegiatan])).collect::<Vec<_>>(),
    })
}

/// "k: v, k: v" for a row of a group field.
fn pairs_text(row: &Value) -> String {
    row.as_object()
        .map(|o| {
            o.iter().map(|(k, v)| format!("{}: {}", label(k), v.as_str().unwrap_or("-"))).collect::<Vec<_>>().join(", ")
        })
        .unwrap_or_default()
}

/// A key as a reader reads it: "tanggal_lahir" → "Tanggal lahir", "nik" → "NIK".
fn label(key: &str) -> String {
    match key {
        "nik" => return "NIK".into(),
        "no_kk" => return "Nomor KK".into(),
        "rt" => return "RT".into(),
        "rw" => return "RW".into(),
        _ => {}
    }
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `GET /data-saya/unduh.json`: the copy as JSON, for the signed-in resident.
pub async fn download_json(
    State(s): State<Arc<Services>>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
) -> Response {
    let answer = async {
        let actor = user.ok_or(Error::Unauthorized)?;
        let data = copy(&s, &actor, "json").await?;
        let body = serde_json::to_vec_pretty(&data).map_err(|e| Error::Other(e.into()))?;
        Ok::<_, Error>(attachment("application/json", "data-saya.json", body))
    };
    answer.await.unwrap_or_else(|e| e.response_saying("Halaman ini untuk warga yang sudah masuk."))
}

/// `GET /data-saya/unduh.pdf`: the copy as a readable PDF, for the signed-in resident.
pub async fn download_pdf(
    State(s): State<Arc<Services>>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
) -> Response {
    let answer = async {
        let actor = user.ok_or(Error::Unauthorized)?;
        let data = copy(&s, &actor, "pdf").await?;
        let pdf = s.catalogue.render_document(PDF_DOCUMENT, printable(&s, &data)).await?;
        Ok::<_, Error>(attachment("application/pdf", "data-saya.pdf", pdf))
    };
    answer.await.unwrap_or_else(|e| e.response_saying("Halaman ini untuk warga yang sudah masuk."))
}

fn attachment(kind: &str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}
