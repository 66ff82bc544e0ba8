//! The glue between Leptos server functions and the areas: [`Web`] implements every area's port
//! (in `<area>/port.rs`), reads the acting person from the request, and answers with the HTTP
//! status and cookies the port decides.

use crate::Services;
use crate::accounts::{Actor, CurrentUser};
use crate::error::{Error, Result};
use leptos::prelude::{provide_context, use_context};
use leptos_axum::ResponseOptions;
use std::sync::Arc;

/// The server's side of the UI's ports, one per request's reactive owner.
#[derive(Clone)]
pub struct Web(pub Arc<Services>);

impl Web {
    /// The signed-in person, if any.
    pub fn viewer(&self) -> Option<Actor> {
        use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CurrentUser>().and_then(|u| u.0.clone()))
    }

    /// The signed-in person; 401 when nobody is.
    pub fn actor(&self) -> Result<Actor> {
        self.viewer().ok_or(Error::Unauthorized)
    }

    /// The client's address, for the attempt limits.
    pub fn client(&self) -> String {
        use_context::<http::request::Parts>()
            .map(|p| crate::accounts::client_address(&p, self.0.config.trust_proxy))
            .unwrap_or_else(|| "tidak-diketahui".into())
    }

    /// City administration pages (office settings, imports) are the admin's.
    pub fn admin(&self) -> Result<Actor> {
        let actor = self.actor()?;
        if actor.role == domain::Role::Admin { Ok(actor) } else { Err(Error::Forbidden) }
    }

    pub fn set_cookie(&self, cookie: &str) {
        if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), http::HeaderValue::from_str(cookie)) {
            res.append_header(http::header::SET_COOKIE, v);
        }
    }
}

/// Sets the status of the response being rendered.
struct Status;

impl app::web::Responder for Status {
    fn set_status(&self, status: u16) {
        if let (Some(res), Ok(code)) = (use_context::<ResponseOptions>(), http::StatusCode::from_u16(status)) {
            res.set_status(code);
        }
    }
}

/// Every area's port (and the status setter), built once and handed to each request's server
/// functions as context.
#[derive(Clone)]
pub struct Ports {
    status: Arc<dyn app::web::Responder>,
    accounts: Arc<dyn app::accounts::AccountsPort>,
    audit: Arc<dyn app::audit::AuditPort>,
    catalogue: Arc<dyn app::catalogue::CataloguePort>,
    requests: Arc<dyn app::requests::RequestsPort>,
    signing: Arc<dyn app::signing::SigningPort>,
    verification: Arc<dyn app::verification::VerificationPort>,
    offices: Arc<dyn app::offices::OfficesPort>,
    population: Arc<dyn app::population::PopulationPort>,
    notifications: Arc<dyn app::notifications::NotificationsPort>,
    survey: Arc<dyn app::survey::SurveyPort>,
    dashboard: Arc<dyn app::dashboard::DashboardPort>,
    statistics: Arc<dyn app::statistics::StatisticsPort>,
    api_docs: Arc<dyn app::api_docs::ApiDocsPort>,
}

impl Ports {
    pub fn new(services: &Arc<Services>) -> Ports {
        let web = Arc::new(Web(services.clone()));
        Ports {
            status: Arc::new(Status),
            accounts: web.clone(),
            audit: web.clone(),
            catalogue: web.clone(),
            requests: web.clone(),
            signing: web.clone(),
            verification: web.clone(),
            offices: web.clone(),
            population: web.clone(),
            survey: web.clone(),
            dashboard: web.clone(),
            statistics: web.clone(),
            api_docs: web.clone(),
            notifications: web,
        }
    }

    pub fn provide(&self) {
        provide_context(self.status.clone());
        provide_context(self.accounts.clone());
        provide_context(self.audit.clone());
        provide_context(self.catalogue.clone());
        provide_context(self.requests.clone());
        provide_context(self.signing.clone());
        provide_context(self.verification.clone());
        provide_context(self.offices.clone());
        provide_context(self.population.clone());
        provide_context(self.notifications.clone());
        provide_context(self.survey.clone());
        provide_context(self.dashboard.clone());
        provide_context(self.statistics.clone());
        provide_context(self.api_docs.clone());
    }
}
