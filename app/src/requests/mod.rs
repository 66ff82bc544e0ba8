//! Requests: a resident's (or the counter's) submission, the lists, one request with its
//! history and the actions the signed-in person may take on it.

mod api;
mod check_answers;
mod confirmation;
mod dto;
mod list;
mod new_request;
mod queue;
mod request;
mod track;

pub use api::*;
pub use confirmation::ReceiptPage;
pub use dto::*;
pub use list::{RequestLink, RequestList};
pub use new_request::{NewRequest, RequestForm};
pub use queue::Queue;
pub use request::RequestPage;
pub use track::TrackPage;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;
    use uuid::Uuid;

    #[async_trait::async_trait]
    pub trait RequestsPort: Send + Sync + 'static {
        /// Stores an uploaded supporting document (type sniffed from the bytes) for a later request.
        async fn upload(&self, name: String, bytes: Vec<u8>) -> Result<UploadedFile, AppError>;
        /// The largest attachment accepted, in bytes.
        fn max_upload_bytes(&self) -> u64;
        async fn my_requests(&self) -> Result<Vec<RequestSummary>, AppError>;
        async fn submit(&self, input: NewRequestInput) -> Result<Uuid, AppError>;
        /// Checks a submission (at the counter with the resident's NIK) without storing it.
        async fn check(&self, input: NewRequestInput, counter_nik: Option<String>) -> Result<(), AppError>;
        /// Tracking without logging in.
        async fn track(&self, input: TrackInput) -> Result<Tracked, AppError>;
        /// The receipt of a request the signed-in person may see.
        async fn receipt(&self, id: Uuid) -> Result<RequestReceipt, AppError>;
        /// A clerk opens a request for the resident at the counter.
        async fn counter_submit(&self, input: CounterRequest) -> Result<Uuid, AppError>;
        async fn queue(&self, query: QueueQuery) -> Result<QueuePage, AppError>;
        async fn queue_by_nik(&self, input: NikSearch) -> Result<QueuePage, AppError>;
        async fn work_summary(&self) -> Result<WorkCounts, AppError>;
        async fn detail(&self, id: Uuid) -> Result<RequestDetail, AppError>;
        async fn act(&self, input: ActInput) -> Result<RequestDetail, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::RequestsPort;
