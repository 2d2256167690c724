//! Building blocks shared by pages: the page frame, form fields, the error
//! summary, the task list and wellbeing chart, and the islands that make
//! forms better when JavaScript runs.

pub mod autosave;
pub mod chart;
#[cfg(feature = "hydrate")]
pub(crate) mod dom;
pub mod fields;
pub mod form_check;
pub mod idle;
pub mod layout;
pub mod quick;
pub mod shared_plan;
pub mod task_list;
pub mod wake;

pub use fields::{CheckboxField, Choice, ErrorSummary, Radios, TextArea, TextField};
pub use autosave::Autosave;
pub use chart::WellbeingChart;
pub use form_check::FormCheck;
pub use idle::IdleWarning;
pub use layout::{DownloadMyData, Layout, NotFoundContent, Refused};
pub use quick::{ExitThisPage, PrintButton};
pub use shared_plan::{SharedSections, WorkersPart};
pub use task_list::TaskList;
