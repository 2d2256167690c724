//! What server functions answer and pages read: one module per capability,
//! compiled for both builds. Services build these from domain records; a
//! server function hands one back as it is; pages only read them.

pub mod accounts;
pub mod agreement;
pub mod deletion;
pub mod plan;
pub mod referral;
pub mod sharing;
pub mod worker;
