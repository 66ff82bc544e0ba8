use crate::web::Web;
use app::AppError;
use app::dashboard::{Dashboard, DashboardPort, DashboardQuery};

#[async_trait::async_trait]
impl DashboardPort for Web {
    async fn dashboard(&self, query: DashboardQuery) -> Result<Dashboard, AppError> {
        Ok(super::dashboard(&self.0, &self.actor()?, &query).await?)
    }
}
