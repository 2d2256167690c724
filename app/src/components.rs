//! Building blocks shared by pages: the page frame, form fields, the error
//! summary, the task list and wellbeing chart, and the islands that make
//! forms better when JavaScript runs.

pub mod autosave;
pub mod chart;
pub mod comments;
#[cfg(feature = "hydrate")]
pub(crate) mod dom;
pub mod fields;
pub mod form_check;
pub mod idle;
pub mod layout;
pub mod params;
pub mod plan_status;
pub mod quick;
pub mod record_form;
pub mod shared_plan;
pub mod staff_nav;
pub mod task_list;
pub mod wake;

pub use autosave::Autosave;
pub use chart::WellbeingChart;
pub use comments::Comments;
pub use fields::{CheckboxField, Choice, ErrorSummary, Radios, SectionChoice, TextArea, TextField};
pub use form_check::FormCheck;
pub use idle::IdleWarning;
pub use layout::{DownloadMyData, Layout, NotFoundContent, Refused};
pub use plan_status::RequestStatus;
pub use quick::{ExitThisPage, PrintButton};
pub use shared_plan::{SharedSections, WorkersPart};
pub use staff_nav::StaffNav;
pub use task_list::TaskList;
