//! Pure rules of the kelurahan letter service, shared by the browser (wasm) and the server.
//! Nothing here does I/O.

pub mod attachment;
pub mod audit;
pub mod contact;
pub mod fields;
pub mod nik;
pub mod number;
pub mod office;
pub mod password;
pub mod population;
pub mod reference;
pub mod service_clock;
pub mod skm;
pub mod status;
pub mod workdays;

pub use attachment::{AttachmentSpec, FileType};
pub use audit::AuditAction;
pub use contact::{ContactChannel, ContactError};
pub use fields::{FieldKind, FieldSpec, FieldValue, FieldValues, Problems};
pub use nik::{Nik, NikError, NoKk, Sex};
pub use number::{DEFAULT_PATTERN, LetterNumber, NumberInputs, NumberPattern, PatternError, roman_month};
pub use office::{OfficeKind, Tier};
pub use reference::{Reference, ReferenceError};
pub use status::{
    Action, Channel, RequestStatus, Role, Route, TransitionError, UnknownValue, actions_on, available_actions,
    transition, transition_on,
};
pub use workdays::{Calendar, Due};
