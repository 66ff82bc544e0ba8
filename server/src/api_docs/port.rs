use crate::web::Web;
use app::api_docs::{ApiDocs, ApiDocsPort};

impl ApiDocsPort for Web {
    fn docs(&self) -> ApiDocs {
        super::docs(&self.0.config.public_url)
    }
}
