//! The requests port: DTOs in, the service, DTOs out.

use super::{receipt, service, track, uploads, views};
use crate::web::Web;
use app::AppError;
use app::requests::{
    ActInput, CounterRequest, NewRequestInput, NikSearch, QueuePage, QueueQuery, RequestDetail, RequestReceipt,
    RequestSummary, RequestsPort, TrackInput, Tracked, UploadedFile, WorkCounts,
};
use uuid::Uuid;

#[async_trait::async_trait]
impl RequestsPort for Web {
    async fn upload(&self, name: String, bytes: Vec<u8>) -> Result<UploadedFile, AppError> {
        let row = uploads::store(&self.0, &self.actor()?, name, bytes).await?;
        Ok(uploads::uploaded(row)?)
    }

    fn max_upload_bytes(&self) -> u64 {
        self.0.catalogue.max_upload_bytes
    }

    async fn my_requests(&self) -> Result<Vec<RequestSummary>, AppError> {
        let (s, actor) = (&self.0, self.actor()?);
        let rows = service::mine(s, &actor).await?;
        Ok(views::summaries(s, &rows, actor.role)?)
    }

    async fn submit(&self, input: NewRequestInput) -> Result<Uuid, AppError> {
        Ok(service::submit(&self.0, &self.actor()?, submission(input)).await?)
    }

    async fn check(&self, input: NewRequestInput, counter_nik: Option<String>) -> Result<(), AppError> {
        Ok(service::check(&self.0, &self.actor()?, submission(input), counter_nik.as_deref()).await?)
    }

    async fn track(&self, input: TrackInput) -> Result<Tracked, AppError> {
        Ok(track::track(&self.0, &self.client(), input).await?)
    }

    async fn receipt(&self, id: Uuid) -> Result<RequestReceipt, AppError> {
        Ok(receipt::receipt(&self.0, &self.actor()?, id).await?)
    }

    async fn counter_submit(&self, input: CounterRequest) -> Result<Uuid, AppError> {
        let actor = self.actor()?;
        Ok(service::submit_at_counter(&self.0, &actor, &input.nik, submission(input.request)).await?)
    }

    async fn queue(&self, query: QueueQuery) -> Result<QueuePage, AppError> {
        Ok(super::queue::page(&self.0, &self.actor()?, &query).await?)
    }

    async fn work_summary(&self) -> Result<WorkCounts, AppError> {
        Ok(super::queue::work_summary(&self.0, &self.actor()?).await?)
    }

    async fn queue_by_nik(&self, input: NikSearch) -> Result<QueuePage, AppError> {
        Ok(super::queue::by_nik(&self.0, &self.actor()?, &input.nik).await?)
    }

    async fn detail(&self, id: Uuid) -> Result<RequestDetail, AppError> {
        let actor = self.actor()?;
        let detail = views::detail(&self.0, &actor, id).await?;
        // An official sees the resident's record with it: the resident's access history shows it.
        if actor.role != domain::Role::Warga {
            service::record_opened(&self.0, &actor, id).await?;
        }
        Ok(detail)
    }

    async fn act(&self, input: ActInput) -> Result<RequestDetail, AppError> {
        let (s, actor) = (&self.0, self.actor()?);
        let id = input.request_id;
        let step = service::Step {
            request_id: input.request_id,
            action: input.action,
            note: input.note,
            fields: input.fields,
            attachments: input.attachments,
        };
        service::act(s, &actor, step).await?;
        Ok(views::detail(s, &actor, id).await?)
    }
}

fn submission(input: NewRequestInput) -> service::Submission {
    service::Submission {
        letter_type: input.letter_type,
        fields: input.fields,
        attachments: input.attachments,
        subject: input.subject,
    }
}
