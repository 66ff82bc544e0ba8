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

/// Provides every area's port (and the status setter) to the server functions of a request.
pub fn provide(services: &Arc<Services>) {
    let web = Web(services.clone());
    provide_context::<Arc<dyn app::web::Responder>>(Arc::new(Status));
    provide_context::<Arc<dyn app::accounts::AccountsPort>>(Arc::new(web.clone()));
    provide_context::<Arc<dyn app::catalogue::CataloguePort>>(Arc::new(web.clone()));
    provide_context::<Arc<dyn app::requests::RequestsPort>>(Arc::new(web.clone()));
    provide_context::<Arc<dyn app::signing::SigningPort>>(Arc::new(web.clone()));
    provide_context::<Arc<dyn app::verification::VerificationPort>>(Arc::new(web.clone()));
    provide_context::<Arc<dyn app::offices::OfficesPort>>(Arc::new(web.clone()));
    provide_context::<Arc<dyn app::population::PopulationPort>>(Arc::new(web));
}
