use crate::web::Web;
use app::AppError;
use app::statistics::{Statistics, StatisticsPort};

#[async_trait::async_trait]
impl StatisticsPort for Web {
    async fn statistics(&self, tahun: Option<String>) -> Result<Statistics, AppError> {
        Ok(super::statistics(&self.0, tahun.as_deref()).await?.as_ref().clone())
    }
}
