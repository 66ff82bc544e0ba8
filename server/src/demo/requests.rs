//! `serambi contoh permohonan`: a year of synthetic requests over a demo population, for the
//! scale benchmark. Each request follows a path the state machine allows (checked step by step
//! with `domain::transition`), with its events by the office's own staff accounts; signed ones
//! get a registered letter with the next gapless number of its office, and a small PDF that says
//! it is synthetic. Only on a database loaded by `serambi demo`.

use super::population::Rng;
use super::title_case;
use crate::Services;
use crate::accounts::hash_password;
use crate::audit::{self, Event};
use crate::db::{self, offices::Official, samples::Value};
use crate::population::views::person_data;
use crate::requests::snapshot::{Snapshot, persons_json};
use chrono::Datelike;
use domain::{Action, AuditAction, NumberInputs, NumberPattern, RequestStatus, Role, Route, transition};
use futures::StreamExt;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

pub struct Options {
    pub count: usize,
    pub seed: u64,
}

pub struct Summary {
    pub requests: usize,
    pub events: usize,
    pub letters: usize,
    pub accounts: usize,
    pub by_status: Vec<(RequestStatus, usize)>,
}

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// The paths a request takes, with how often (per hundred) each is taken.
const KELURAHAN_PATHS: &[(u64, &[Action])] = {
    use Action::*;
    &[
        (66, &[Submit, Verify, Sign]),
        (1, &[Submit, Verify, Sign, Revoke]),
        (5, &[Submit, Return, Resubmit, Verify, Sign]),
        (8, &[Submit]),
        (5, &[Submit, Verify]),
        (4, &[Submit, Return]),
        (5, &[Submit, Reject]),
        (2, &[Submit, Cancel]),
        (4, &[Submit, Verify, Return]),
    ]
};

const KECAMATAN_PATHS: &[(u64, &[Action])] = {
    use Action::*;
    &[
        (64, &[Submit, Verify, Approve, VerifyKecamatan, Sign]),
        (1, &[Submit, Verify, Approve, VerifyKecamatan, Sign, Revoke]),
        (8, &[Submit]),
        (4, &[Submit, Verify]),
        (4, &[Submit, Verify, Approve]),
        (4, &[Submit, Verify, Approve, VerifyKecamatan]),
        (5, &[Submit, Return]),
        (5, &[Submit, Reject]),
        (2, &[Submit, Cancel]),
        (3, &[Submit, Verify, Approve, Reject]),
    ]
};

/// How often each letter type is asked for (per hundred; unknown types get 3).
fn popularity(code: &str) -> u64 {
    match code {
        "domisili" => 24,
        "sktm" => 16,
        "usaha" => 14,
        "pengantar-skck" => 10,
        "belum-menikah" => 8,
        "penghasilan" => 6,
        "kehilangan" => 6,
        "pindah" => 4,
        "kelahiran" => 4,
        "ahli-waris" => 4,
        "kematian" => 4,
        _ => 3,
    }
}

fn pick_weighted<'a, T>(rng: &mut Rng, items: &'a [(u64, T)]) -> &'a T {
    let total: u64 = items.iter().map(|(w, _)| w).sum();
    let mut at = rng.below(total);
    for (w, item) in items {
        if at < *w {
            return item;
        }
        at -= w;
    }
    &items[items.len() - 1].1
}

/// A letter type as the generator writes it: its sample values, once.
struct Kind {
    code: String,
    route: Route,
    classification: String,
    fields_json: String,
    persons_json: String,
}

/// A signed letter waiting for its number (numbers follow signing time).
struct Unnumbered {
    id: Uuid,
    request_id: Uuid,
    office_code: String,
    classification: String,
    signer: Official,
    signed_at: i64,
    revoked: Option<(i64, &'static str)>,
}

/// The staff who act on an office's requests.
struct Staff(HashMap<(String, Role), (String, Option<String>)>);

impl Staff {
    fn user(&self, office: &str, role: Role) -> anyhow::Result<&(String, Option<String>)> {
        self.0.get(&(office.to_string(), role)).ok_or_else(|| {
            anyhow::anyhow!("kantor {office} tidak punya akun {} yang aktif; muat `serambi demo` dulu", role.label())
        })
    }
}

pub async fn generate(s: &Services, opts: &Options) -> anyhow::Result<Summary> {
    let pool = &s.db.pool;
    if db::accounts::fact(pool, "demo").await?.is_none() {
        anyhow::bail!(
            "`serambi contoh permohonan` hanya untuk basis data demo (muat dulu dengan `serambi demo`): \
             permohonan sintetis tidak boleh tercampur dengan data sungguhan."
        );
    }
    let niks = db::samples::resident_niks(pool).await?;
    if niks.is_empty() {
        anyhow::bail!("Belum ada data penduduk. Jalankan `serambi demo` atau `serambi import penduduk` dulu.");
    }
    let mut rng = Rng::new(opts.seed);
    let kinds: Vec<(u64, Kind)> = s
        .catalogue
        .all()
        .iter()
        .map(|m| {
            let (values, persons) = letters::sample_values(m);
            let kind = Kind {
                code: m.code.clone(),
                route: m.route,
                classification: m.classification.clone(),
                fields_json: serde_json::to_string(&values)?,
                persons_json: persons_json(&persons)?,
            };
            Ok::<_, anyhow::Error>((popularity(&m.code), kind))
        })
        .collect::<anyhow::Result<_>>()?;
    let mut staff = Staff(HashMap::new());
    for (office, role, id, official) in db::samples::staff(pool).await? {
        if let Some(role) = Role::parse(&role) {
            staff.0.entry((office, role)).or_insert((id, official));
        }
    }
    let officials: HashMap<String, Official> =
        db::offices::officials(pool).await?.into_iter().map(|o| (o.id.clone(), o)).collect();
    let mut accounts: HashMap<String, String> = db::samples::resident_accounts(pool).await?.into_iter().collect();
    let resident_hash = hash_password(super::RESIDENT_PASSWORD)?;
    // Reference codes are random: draw until unused, here and in the database.
    let mut references: std::collections::HashSet<String> = db::samples::references(pool).await?.into_iter().collect();

    // Spread the subjects over the whole population: one in every `step`, jittered.
    let step = (niks.len() / opts.count.max(1)).max(1);
    let chosen: Vec<String> = (0..opts.count)
        .map(|i| {
            let at = (i * step + rng.below(step as u64) as usize) % niks.len();
            niks[at].clone()
        })
        .collect();
    drop(niks);

    let now = db::now_ms();
    let calendar = crate::calendar::load(&s.db).await?;
    let mut new_users = Vec::new();
    let mut requests = Vec::with_capacity(opts.count);
    let mut events = Vec::with_capacity(opts.count * 4);
    let mut unnumbered = Vec::new();
    let mut by_status: HashMap<RequestStatus, usize> = HashMap::new();
    for batch in chosen.chunks(500) {
        let mut found: HashMap<String, db::residents::ResidentWithPlace> =
            db::samples::residents_with_place(pool, batch)
                .await?
                .into_iter()
                .map(|r| (r.resident.nik.to_string(), r))
                .collect();
        for nik in batch {
            let Some(subject) = found.get(nik) else { continue };
            let kind = pick_weighted(&mut rng, &kinds);
            let kel = subject.resident.kelurahan_code.clone();
            let kec = subject.kecamatan_code.clone();
            // Three in ten at the counter (a clerk asks on the resident's behalf).
            let at_counter = rng.chance(30);
            let paths = if kind.route == Route::Kecamatan { KECAMATAN_PATHS } else { KELURAHAN_PATHS };
            let mut path = *pick_weighted(&mut rng, paths);
            if at_counter && path.iter().any(|a| matches!(a, Action::Resubmit | Action::Cancel)) {
                // What a resident does on their own page does not happen at the counter.
                path = paths[0].1;
            }
            let requester = if at_counter {
                staff.user(&kel, Role::PetugasKelurahan)?.0.clone()
            } else if let Some(id) = accounts.get(nik) {
                id.clone()
            } else {
                let id = Uuid::new_v4().to_string();
                new_users.push(vec![
                    Value::from(id.as_str()),
                    Value::from(nik.as_str()),
                    Value::from(resident_hash.as_str()),
                    Value::from(Role::Warga.as_str()),
                    Value::from(title_case(&subject.resident.name)),
                    Value::from(now),
                ]);
                accounts.insert(nik.clone(), id.clone());
                id
            };
            // Hours between steps; pending requests are recent, finished ones up to a year old.
            let gaps: Vec<i64> = path.iter().skip(1).map(|_| HOUR + rng.below(72) as i64 * HOUR).collect();
            let took: i64 = gaps.iter().sum();
            let finished = matches!(path.last(), Some(Action::Sign | Action::Reject | Action::Cancel | Action::Revoke));
            let window = if finished { 365 * DAY } else { 10 * DAY };
            let created = now - took - rng.below(window as u64) as i64 - HOUR;
            let id = Uuid::new_v4();
            let mut status: Option<RequestStatus> = None;
            let mut at = created;
            let mut steps = Vec::with_capacity(path.len());
            for (i, action) in path.iter().enumerate() {
                if i > 0 {
                    at += gaps[i - 1];
                }
                let role = actor_role(*action, status, kind.route, at_counter);
                let to = transition(kind.route, status, *action, rule_role(*action, role))
                    .map_err(|e| anyhow::anyhow!("jalur contoh {path:?} salah: {e}"))?;
                let actor = match role {
                    Role::Warga => requester.clone(),
                    Role::PetugasKelurahan | Role::Lurah => staff.user(&kel, role)?.0.clone(),
                    _ => staff.user(&kec, role)?.0.clone(),
                };
                let note = match action {
                    Action::Return => Some("Foto Kartu Keluarga kurang jelas; mohon unggah ulang."),
                    Action::Reject => Some("Pemohon tidak berdomisili di wilayah ini."),
                    Action::Revoke => Some("Dicabut atas permintaan pemohon: data pada surat salah."),
                    _ => None,
                };
                events.push(vec![
                    Value::from(Uuid::new_v4().to_string()),
                    Value::from(id.to_string()),
                    Value::from(i as i64 + 1),
                    Value::from(actor),
                    Value::from(role.as_str()),
                    Value::from(status.map(RequestStatus::as_str)),
                    Value::from(to.as_str()),
                    Value::from(note),
                    Value::from(at),
                ]);
                if *action == Action::Sign {
                    let office = if kind.route == Route::Kecamatan { &kec } else { &kel };
                    let official_id = staff.user(office, role)?.1.clone().unwrap_or_default();
                    let signer = officials
                        .get(&official_id)
                        .cloned()
                        .ok_or_else(|| anyhow::anyhow!("akun {} kantor {office} tanpa pejabat", role.label()))?;
                    unnumbered.push(Unnumbered {
                        id: Uuid::new_v4(),
                        request_id: id,
                        office_code: office.clone(),
                        classification: kind.classification.clone(),
                        signer,
                        signed_at: at,
                        revoked: None,
                    });
                }
                if *action == Action::Revoke
                    && let Some(letter) = unnumbered.last_mut()
                {
                    letter.revoked = Some((at, note.unwrap_or_default()));
                }
                status = Some(to);
                steps.push((to.as_str().to_string(), at));
            }
            let status = status.unwrap_or(RequestStatus::Diajukan);
            let forwarded = steps.iter().any(|(to, _)| to == RequestStatus::Diteruskan.as_str());
            let service_time =
                crate::requests::deadlines::service_time(&s.clock, &s.catalogue, &calendar, &kind.code, steps.clone())?;
            let history = crate::requests::deadlines::history(&s.clock, steps)?;
            let late_from = crate::requests::deadlines::deadline(&s.catalogue, &calendar, &kind.code, &history);
            *by_status.entry(status).or_default() += 1;
            let snapshot = Snapshot::new(person_data(subject)).to_json()?;
            let reference = loop {
                let code = crate::requests::reference::draw().code().to_string();
                if references.insert(code.clone()) {
                    break code;
                }
            };
            requests.push(vec![
                Value::from(id.to_string()),
                Value::from(reference),
                Value::from(kind.code.as_str()),
                Value::from(kind.route.as_str()),
                Value::from(requester),
                Value::from(nik.as_str()),
                Value::from(kel),
                Value::from(kec),
                Value::from(status.as_str()),
                Value::from(kind.fields_json.as_str()),
                Value::from(snapshot),
                Value::from(kind.persons_json.as_str()),
                Value::from(if at_counter { "loket" } else { "daring" }),
                Value::from(path.len() as i64 - 1),
                Value::from(created),
                Value::from(at),
                Value::from(subject.resident.name.as_str()),
                Value::from(late_from.unwrap_or_else(|| db::requests::NEVER.to_string())),
                Value::from(i64::from(forwarded)),
                service_time.map_or(Value::NullInt, |(used, _)| Value::from(i64::from(used))),
                service_time.map_or(Value::NullInt, |(_, within)| Value::from(i64::from(within))),
            ]);
        }
        found.clear();
    }

    // Numbers in signing order, continuing each office's counters.
    unnumbered.sort_by_key(|l| l.signed_at);
    let offices: HashMap<String, db::offices::Office> =
        db::offices::all(pool).await?.into_iter().map(|o| (o.code.clone(), o)).collect();
    let mut counters: HashMap<(String, String, i64), i64> =
        db::samples::counters(pool).await?.into_iter().map(|(o, sc, y, v)| ((o, sc, y), v)).collect();
    let mut letter_rows = Vec::with_capacity(unnumbered.len());
    let mut files = Vec::with_capacity(unnumbered.len());
    for l in &unnumbered {
        let office = offices.get(&l.office_code).ok_or_else(|| anyhow::anyhow!("kantor {} hilang", l.office_code))?;
        let pattern = NumberPattern::parse(&office.number_pattern)
            .map_err(|e| anyhow::anyhow!("pola nomor kantor {}: {e}", office.code))?;
        let local = s.clock.local(l.signed_at);
        let year = local.year() as i64;
        let key = (office.code.clone(), office.counter_key(&l.classification).to_string(), year);
        let seq = counters.entry(key).or_insert(0);
        *seq += 1;
        let number = pattern
            .format(&NumberInputs {
                classification: &l.classification,
                sequence: *seq as u64,
                unit: &office.unit_code,
                month: local.month(),
                year: local.year(),
            })
            .to_string();
        let pdf = synthetic_pdf(&[
            "SURAT CONTOH - DATA SINTETIS, TIDAK SAH",
            &format!("Nomor: {number}"),
            &format!("Ditandatangani: {} ({})", l.signer.name, l.signer.position),
            &format!("Tanggal: {}", local.format("%d-%m-%Y %H:%M")),
            "Dibuat oleh `serambi contoh permohonan` untuk uji beban.",
        ]);
        let file_key = format!("letters/{}.pdf", l.id);
        letter_rows.push(vec![
            Value::from(l.id.to_string()),
            Value::from(l.request_id.to_string()),
            Value::from(l.office_code.as_str()),
            Value::from(number),
            Value::from(file_key.as_str()),
            Value::from(l.signer.id.as_str()),
            Value::from(l.signer.name.as_str()),
            Value::from(l.signer.position.as_str()),
            Value::from(l.signer.nip.as_str()),
            Value::from(l.signed_at),
            Value::from(hex::encode(Sha256::digest(&pdf))),
            Value::from(pdf.len() as i64),
            // Registered only: the synthetic PDF carries no signature.
            Value::from("terdaftar"),
            l.revoked.map_or(Value::NullInt, |(at, _)| Value::from(at)),
            Value::from(l.revoked.map(|(_, why)| why)),
        ]);
        files.push((file_key, pdf));
    }

    // Files first (the sweep removes them if the transaction below fails), then every row.
    let mut puts =
        futures::stream::iter(files).map(|(key, pdf)| async move { s.files.put(&key, pdf).await }).buffer_unordered(16);
    while let Some(done) = puts.next().await {
        done?;
    }
    let summary = Summary {
        requests: requests.len(),
        events: events.len(),
        letters: letter_rows.len(),
        accounts: new_users.len(),
        by_status: RequestStatus::ALL.iter().map(|st| (*st, by_status.get(st).copied().unwrap_or(0))).collect(),
    };
    let mut tx = s.db.begin().await?;
    db::samples::insert_rows(
        &mut tx,
        "users",
        &["id", "nik", "password_hash", "role", "display_name", "created_at"],
        new_users,
    )
    .await?;
    db::samples::insert_rows(
        &mut tx,
        "requests",
        &[
            "id",
            "reference",
            "letter_type",
            "route",
            "requester_user_id",
            "subject_nik",
            "kelurahan_code",
            "kecamatan_code",
            "status",
            "fields_json",
            "snapshot_json",
            "persons_json",
            "channel",
            "version",
            "created_at",
            "updated_at",
            "subject_name",
            "late_from",
            "forwarded",
            "workdays_used",
            "within_standard",
        ],
        requests,
    )
    .await?;
    db::samples::insert_rows(
        &mut tx,
        "request_events",
        &["id", "request_id", "seq", "actor_user_id", "actor_role", "from_status", "to_status", "note", "at"],
        events,
    )
    .await?;
    db::samples::insert_rows(
        &mut tx,
        "letters",
        &[
            "id",
            "request_id",
            "office_code",
            "number",
            "file_key",
            "signer_official_id",
            "signer_name",
            "signer_position",
            "signer_nip",
            "signed_at",
            "sha256",
            "size_bytes",
            "signature_kind",
            "revoked_at",
            "revoked_reason",
        ],
        letter_rows,
    )
    .await?;
    for ((office, scope, year), last) in &counters {
        db::samples::set_counter(&mut *tx, office, scope, *year, *last).await?;
    }
    db::users::mark_demo_passwords(&mut *tx).await?;
    let detail = format!(
        "{} permohonan sintetis, {} surat terdaftar, {} akun warga baru",
        summary.requests, summary.letters, summary.accounts
    );
    audit::record(&mut tx, Event::new(AuditAction::ContohDibuat, None).detail(&detail)).await?;
    tx.commit().await?;
    db::analyze(&s.db, &["users", "requests", "request_events", "letters"]).await?;
    Ok(summary)
}

/// Who takes `action` on a request in `status`: the resident (or, at the counter, the clerk)
/// submits; the rest is the office's staff, as the state machine allows.
fn actor_role(action: Action, status: Option<RequestStatus>, route: Route, at_counter: bool) -> Role {
    use RequestStatus as S;
    match action {
        Action::Submit if at_counter => Role::PetugasKelurahan,
        Action::Submit | Action::Resubmit | Action::Cancel => Role::Warga,
        Action::Verify => Role::PetugasKelurahan,
        Action::Approve => Role::Lurah,
        Action::VerifyKecamatan => Role::PetugasKecamatan,
        Action::Return | Action::Reject => match status {
            Some(S::Diverifikasi) => Role::Lurah,
            Some(S::Diteruskan) => Role::PetugasKecamatan,
            Some(S::DiverifikasiKecamatan) => Role::Camat,
            _ => Role::PetugasKelurahan,
        },
        Action::Sign | Action::Revoke => match route {
            Route::Kelurahan => Role::Lurah,
            Route::Kecamatan => Role::Camat,
        },
    }
}

/// The role whose rule applies: at the counter the clerk submits under the resident's rule.
fn rule_role(action: Action, role: Role) -> Role {
    if action == Action::Submit { Role::Warga } else { role }
}

/// A one-page PDF with a few lines of Helvetica (ASCII only), for synthetic letters.
pub fn synthetic_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 64 780 Td 16 TL\n");
    for line in lines {
        let text: String = line
            .chars()
            .map(|c| if c.is_ascii() && !c.is_ascii_control() { c } else { '?' })
            .flat_map(|c| match c {
                '(' | ')' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        content.push_str(&format!("({text}) Tj T*\n"));
    }
    content.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1));
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_one_the_state_machine_allows() {
        for (route, paths) in [(Route::Kelurahan, KELURAHAN_PATHS), (Route::Kecamatan, KECAMATAN_PATHS)] {
            for (_, path) in paths {
                for counter in [false, true] {
                    if counter && path.iter().any(|a| matches!(a, Action::Resubmit | Action::Cancel)) {
                        continue;
                    }
                    let mut status = None;
                    for action in *path {
                        let role = actor_role(*action, status, route, counter);
                        status =
                            Some(transition(route, status, *action, rule_role(*action, role)).unwrap_or_else(|e| {
                                panic!("{route:?} {path:?} at {action:?}: {e}");
                            }));
                    }
                }
            }
        }
    }

    #[test]
    fn the_synthetic_pdf_has_a_correct_cross_reference_table() {
        let pdf = synthetic_pdf(&["SURAT CONTOH (SINTETIS)", "Nomor: 470/001/KEL-OBB/XI/2026"]);
        let text = String::from_utf8(pdf).unwrap();
        let start: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[start..].starts_with("xref\n0 6\n"));
        for (i, line) in text[start..].lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(text[offset..].starts_with(&format!("{} 0 obj", i + 1)), "object {}", i + 1);
        }
        assert!(text.contains("(SURAT CONTOH \\(SINTETIS\\)) Tj"));
    }
}
