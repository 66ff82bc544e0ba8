//! Population rows as letters print them and as the UI shows them.

use crate::clock::{Clock, iso_to_label};
use crate::db::corrections::{CorrectionRow, CorrectionStatus};
use crate::db::residents::{Resident, ResidentWithPlace};
use app::population::{CorrectionView, FamilyMember, ResidentView};
use domain::{Nik, Sex};
use letters::PersonData;

/// A person of the record as a letter prints them (and as a request's snapshot keeps them).
pub fn person_data(r: &ResidentWithPlace) -> PersonData {
    let p = &r.resident;
    PersonData {
        nik: p.nik.to_string(),
        no_kk: p.no_kk.as_str().to_string(),
        nama: p.name.clone(),
        tempat_lahir: p.birth_place.clone(),
        tanggal_lahir: p.birth_date.format("%Y-%m-%d").to_string(),
        jenis_kelamin: p.sex.label().to_string(),
        agama: p.religion.clone(),
        status_perkawinan: p.marital_status.clone(),
        pekerjaan: p.occupation.clone(),
        kewarganegaraan: p.citizenship.clone(),
        alamat: p.address.clone(),
        rt: p.rt.clone(),
        rw: p.rw.clone(),
        kelurahan: r.kelurahan_name.clone(),
        kecamatan: r.kecamatan_name.clone(),
        kota: r.kota_name.clone(),
        hubungan_keluarga: p.family_relation.clone(),
        nama_ibu: p.mother_name.clone(),
    }
}

/// What the UI shows of a person: the birth date written out.
pub fn resident_view(p: PersonData) -> ResidentView {
    ResidentView {
        tanggal_lahir: iso_to_label(&p.tanggal_lahir),
        nik: p.nik,
        no_kk: p.no_kk,
        nama: p.nama,
        tempat_lahir: p.tempat_lahir,
        jenis_kelamin: p.jenis_kelamin,
        agama: p.agama,
        status_perkawinan: p.status_perkawinan,
        pekerjaan: p.pekerjaan,
        kewarganegaraan: p.kewarganegaraan,
        alamat: p.alamat,
        rt: p.rt,
        rw: p.rw,
        kelurahan: p.kelurahan,
        kecamatan: p.kecamatan,
        kota: p.kota,
        hubungan_keluarga: p.hubungan_keluarga,
    }
}

/// The members of a KK, `me` marked.
pub fn family_view(members: Vec<Resident>, me: &str) -> Vec<FamilyMember> {
    members
        .into_iter()
        .map(|m| FamilyMember {
            me: m.nik.as_str() == me,
            nik: m.nik.to_string(),
            nama: m.name,
            hubungan_keluarga: m.family_relation,
            tanggal_lahir: m.birth_date.format("%Y-%m-%d").to_string(),
        })
        .collect()
}

/// A NIK that disagrees with the record's birth date or sex is a data error the clerk must see.
pub fn nik_warnings(p: &PersonData) -> Vec<String> {
    let Ok(nik) = Nik::parse(&p.nik) else {
        return vec!["NIK pada data pemohon tidak valid.".into()];
    };
    let sex = if p.jenis_kelamin == Sex::Perempuan.label() { Sex::Perempuan } else { Sex::LakiLaki };
    match chrono::NaiveDate::parse_from_str(&p.tanggal_lahir, "%Y-%m-%d") {
        Ok(birth) => nik.check_against(birth, sex).into_iter().map(|e| format!("Periksa data: {e}.")).collect(),
        Err(_) => vec!["Tanggal lahir pada data pemohon tidak valid.".into()],
    }
}

/// A data-correction note; officials of the kelurahan see the whole NIK, the resident a masked one.
pub fn correction_view(r: &CorrectionRow, clock: &Clock, official: bool) -> CorrectionView {
    CorrectionView {
        id: r.id,
        name: r.name.clone(),
        nik: if official { r.nik.clone() } else { domain::nik::mask(&r.nik) },
        fields: r.fields.clone(),
        note: r.note.clone(),
        done: r.status == CorrectionStatus::Selesai,
        response: r.response.clone(),
        created_label: clock.label(r.created_at),
        handled_label: r.handled_at.map(|t| clock.label(t)),
    }
}
