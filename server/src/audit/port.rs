//! The audit port: the administrators' list of events.

use crate::clock::Clock;
use crate::db;
use crate::error::Error;
use crate::web::Web;
use app::AppError;
use app::audit::{AuditEntry, AuditPage, AuditPort, AuditQuery};
use chrono::NaiveDate;
use domain::{AuditAction, OfficeKind, Role};

/// Events per page.
const PAGE: i64 = 100;

/// The first millisecond of `day` where the deployment is.
fn day_start(clock: &Clock, day: NaiveDate) -> i64 {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    midnight.and_local_timezone(clock.offset).single().map_or(0, |t| t.timestamp_millis())
}

#[async_trait::async_trait]
impl AuditPort for Web {
    async fn audit_events(&self, q: AuditQuery) -> Result<AuditPage, AppError> {
        let (s, actor) = (&self.0, self.actor()?);
        let (office, scope) = match actor.role {
            Role::Admin => (None, "Semua kantor".to_string()),
            Role::AdminKantor => {
                let code = actor.office_code.clone().ok_or(Error::Forbidden)?;
                let name = actor.office_name.clone().unwrap_or_default();
                let title = OfficeKind::of_code(&code, &name).map_or(name.clone(), |k| k.office_name(&name));
                (Some(code), title)
            }
            _ => return Err(Error::Forbidden.into()),
        };
        let action = q.action.map(|a| a.as_str()).unwrap_or("");
        let filter = db::audit::Filter {
            office_code: office.as_deref(),
            action,
            text: &q.text,
            from_ms: q.from.map_or(0, |d| day_start(&s.clock, d)),
            until_ms: q.until.and_then(|d| d.succ_opt()).map_or(0, |d| day_start(&s.clock, d)),
            before_seq: q.before.unwrap_or(0),
        };
        let mut rows = db::audit::list(&s.db.pool, &filter, PAGE + 1).await.map_err(Error::from)?;
        let more = rows.len() as i64 > PAGE;
        rows.truncate(PAGE as usize);
        let next_before = if more { rows.last().map(|r| r.row.seq) } else { None };
        let mut entries = Vec::with_capacity(rows.len());
        for r in rows {
            let e = r.row;
            let action =
                AuditAction::parse(&e.action).ok_or_else(|| Error::corrupt(format!("audit action {:?}", e.action)))?;
            entries.push(AuditEntry {
                seq: e.seq,
                at_label: s.clock.label(e.at),
                action,
                actor: r.actor_name.unwrap_or_else(|| "baris perintah/sistem".into()),
                office: e.office_code,
                subject: e.subject,
                detail: e.detail,
            });
        }
        Ok(AuditPage { entries, next_before, scope })
    }
}
