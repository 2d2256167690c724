//! Building blocks shared by pages: the page frame, form fields, the error
//! summary, and the islands that make forms better when JavaScript runs.

pub mod autosave;
#[cfg(feature = "hydrate")]
pub(crate) mod dom;
pub mod fields;
pub mod form_check;
pub mod idle;
pub mod layout;
pub mod quick;

pub use fields::{CheckboxField, Choice, ErrorSummary, Radios, TextArea, TextField};
pub use autosave::Autosave;
pub use form_check::FormCheck;
pub use idle::IdleWarning;
pub use layout::{Layout, NotFoundContent, Refused};
pub use quick::{ExitThisPage, PrintButton};
