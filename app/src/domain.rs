//! The rules of the product, free of I/O so they run (and are tested) the same
//! in the browser and on the server.

pub mod account;
pub mod agreement;
pub mod calendar;
pub mod clocks;
pub mod conversation;
pub mod deletion;
pub mod figures;
pub mod plan;
pub mod referral;
pub mod sharing;
