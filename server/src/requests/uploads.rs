//! Supporting documents: stored on upload (type sniffed from the bytes, size capped, a daily
//! cap per account), served only to their owner and the officials who handle their request.
//! File names may carry personal data (a NIK in "KTP_5371….jpg"), so they are never logged.

use crate::accounts::Actor;
use crate::accounts::CurrentUser;
use crate::error::Error;
use crate::error::Result;
use crate::{Services, db};
use app::requests::{AttachmentView, UploadedFile};
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use domain::{FileType, Role};
use http::header;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use uuid::Uuid;

/// Stores an upload for a later request; returns its row.
pub async fn store(
    s: &Services,
    actor: &Actor,
    name: String,
    bytes: Vec<u8>,
) -> Result<db::attachments::AttachmentRow> {
    // Residents upload their own documents; a kelurahan clerk scans them at the counter.
    if !matches!(actor.role, Role::Warga | Role::PetugasKelurahan) {
        return Err(Error::Forbidden);
    }
    if bytes.is_empty() {
        return Err(Error::field("file", "Berkas kosong. Pilih berkas lain."));
    }
    let cap = s.config.max_upload_bytes();
    if bytes.len() as u64 > cap {
        let msg = format!("Berkas terlalu besar: paling besar {}.", domain::attachment::size_label(cap));
        return Err(Error::field("file", msg));
    }
    let Some(file_type) = FileType::sniff(&bytes) else {
        return Err(Error::field("file", "Jenis berkas tidak didukung. Unggah berkas PDF, JPEG atau PNG."));
    };
    let owner = actor.user_id.to_string();
    let now = db::now_ms();
    let per_day = if actor.role == Role::Warga { 1 } else { 10 } * s.config.max_uploads_per_day;
    let over = || Error::Conflict("Anda sudah terlalu banyak mengunggah berkas hari ini. Coba lagi besok.".into());
    let day_ago = now - 24 * 3600 * 1000;
    // A first look before the file is stored; the count that decides is taken again below, under
    // the account's lock, so uploads sent at once cannot all slip under the cap.
    if db::attachments::count_since(&s.db.pool, &owner, day_ago).await? >= per_day {
        return Err(over());
    }
    let id = Uuid::new_v4();
    let key = format!("attachments/{id}.{}", file_type.extension());
    let row = db::attachments::AttachmentRow {
        id: id.to_string(),
        owner_user_id: owner.clone(),
        request_id: None,
        slot: None,
        active: 1,
        file_type: file_type.extension().into(),
        original_name: display_name(&name, file_type),
        size_bytes: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(&bytes)),
        file_key: key.clone(),
        created_at: now,
    };
    // The file first, outside any lock (it may go over the network); the row, counted, after.
    s.files.put(&key, bytes).await?;
    let counted = async {
        let mut tx = s.db.begin().await?;
        db::users::lock(&mut *tx, &owner).await?;
        if db::attachments::count_since(&mut *tx, &owner, day_ago).await? >= per_day {
            return Ok(false);
        }
        db::attachments::insert(&mut *tx, &row).await?;
        tx.commit().await?;
        Ok::<bool, sqlx::Error>(true)
    }
    .await;
    match counted {
        Ok(true) => {}
        Ok(false) => {
            let _ = s.files.delete(&key).await;
            return Err(over());
        }
        Err(e) => {
            let _ = s.files.delete(&key).await;
            return Err(e.into());
        }
    }
    tracing::info!(attachment_id = %id, file_type = file_type.extension(), size = row.size_bytes, "attachment uploaded");
    Ok(row)
}

/// A fresh upload as the form shows it.
pub fn uploaded(row: db::attachments::AttachmentRow) -> Result<UploadedFile> {
    Ok(UploadedFile {
        id: Uuid::parse_str(&row.id).map_err(|_| Error::corrupt(format!("attachment id {:?}", row.id)))?,
        file_type: FileType::parse(&row.file_type)
            .ok_or_else(|| Error::corrupt(format!("file type {:?}", row.file_type)))?,
        size_bytes: row.size_bytes as u64,
        name: row.original_name,
    })
}

/// The name shown beside the file: its last path part, printable, at most 80 characters, with
/// the extension of what it really is.
pub fn display_name(name: &str, t: FileType) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => base,
    };
    let clean: String = stem.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>')).take(80).collect();
    let clean = clean.trim();
    format!("{}.{}", if clean.is_empty() { "lampiran" } else { clean }, t.extension())
}

pub fn views(info: &letters::Manifest, rows: Vec<db::attachments::AttachmentRow>) -> Vec<AttachmentView> {
    rows.into_iter()
        .filter_map(|r| {
            let slot = r.slot.clone()?;
            let label =
                info.attachments.iter().find(|a| a.name == slot).map(|a| a.label.clone()).unwrap_or(slot.clone());
            Some(AttachmentView {
                id: r.id.parse().ok()?,
                slot,
                label,
                file_type: FileType::parse(&r.file_type)?,
                size_bytes: r.size_bytes as u64,
                name: r.original_name,
                url: format!("/lampiran/{}", r.id),
            })
        })
        .collect()
}

/// `GET /lampiran/{id}`: the file, to its owner or to officials who may see its request.
pub async fn serve(
    State(s): State<Arc<Services>>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Response {
    attachment(&s, user, &id).await.unwrap_or_else(|e| e.response_saying("Lampiran tidak ditemukan."))
}

async fn attachment(s: &Services, user: Option<Actor>, id: &str) -> Result<Response> {
    let user = user.ok_or(Error::Unauthorized)?;
    let id = Uuid::parse_str(id).map_err(|_| Error::NotFound)?;
    let row = db::attachments::get(&s.db.pool, &id.to_string()).await?.ok_or(Error::NotFound)?;
    let allowed = row.owner_user_id == user.user_id.to_string()
        || match row.request_id.as_deref().map(Uuid::parse_str) {
            Some(Ok(rid)) => match super::service::load_visible(s, &user, rid).await {
                Ok(_) => true,
                Err(Error::NotFound | Error::Forbidden | Error::Unauthorized) => false,
                Err(e) => return Err(e),
            },
            _ => false,
        };
    if !allowed {
        return Err(Error::NotFound);
    }
    let t = FileType::parse(&row.file_type).ok_or_else(|| Error::corrupt(format!("file type {:?}", row.file_type)))?;
    let bytes = s.files.get(&row.file_key).await?;
    Ok((
        [
            (header::CONTENT_TYPE, t.mime().to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"lampiran.{}\"", t.extension())),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            // Nothing in an uploaded file may load or run anything from this site.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_are_tidy_and_tell_the_real_type() {
        assert_eq!(display_name("C:\\Users\\ana\\KTP saya.jpeg", FileType::Jpeg), "KTP saya.jpg");
        assert_eq!(display_name("../../etc/passwd", FileType::Pdf), "passwd.pdf");
        assert_eq!(display_name("foto.exe", FileType::Png), "foto.png");
        assert_eq!(display_name("", FileType::Pdf), "lampiran.pdf");
        assert_eq!(display_name("a\"<b>\u{7}.pdf", FileType::Pdf), "ab.pdf");
    }
}
