//! The queue, and which worker has which plan.

use super::{StoreError, Timestamp};
use crate::domain::sharing::HandOff;
use async_trait::async_trait;
use uuid::Uuid;

pub use crate::domain::sharing::QUEUE_COUNTED_UP_TO;

/// What became of a worker's attempt to pick a plan up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickUp {
    /// It is theirs now (or already was).
    PickedUp,
    /// Someone else has it: their name.
    AlreadyTaken(String),
    /// It is not in the queue (withdrawn, or never handed off).
    NotWaiting,
}

/// The queue: its most urgent plans, and how many wait in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queue {
    /// Most urgent first.
    pub plans: Vec<HandOff>,
    /// How many are waiting, counted up to one more than
    /// [`QUEUE_COUNTED_UP_TO`]: beyond that a worker learns nothing from
    /// the exact number, and counting every waiting plan on every visit
    /// would make the page slower the longer the queue grows.
    pub total: u64,
}

/// The queue, and which worker has which plan.
#[async_trait]
pub trait AllocationStore: Send + Sync {
    /// Whether this worker ever had the carer's plan picked up by or
    /// reallocated to them (so may be told it has since been moved).
    async fn ever_held(&self, carer_id: Uuid, worker_id: Uuid) -> Result<bool, StoreError>;
    /// Plans waiting for a worker: terminally ill first, then highest
    /// impact, then oldest; at most `limit`.
    async fn queue(&self, limit: u32) -> Result<Queue, StoreError>;
    /// Plans a worker has picked up (or had reallocated to them),
    /// including those whose consent was since withdrawn.
    async fn caseload(&self, worker_id: Uuid) -> Result<Vec<HandOff>, StoreError>;
    /// Every plan that is with a worker.
    async fn allocations(&self) -> Result<Vec<HandOff>, StoreError>;
    /// One conditional update: the plan becomes the worker's only if it is
    /// still waiting, with its allocation event, in one transaction.
    async fn pick_up(&self, carer_id: Uuid, worker_id: Uuid, now: Timestamp) -> Result<PickUp, StoreError>;
    /// Gives a waiting or allocated plan to another active worker, with its
    /// allocation event, in one transaction. False when it is withdrawn,
    /// gone, or the worker is not an active worker.
    async fn reallocate(&self, carer_id: Uuid, worker_id: Uuid, by: Uuid, now: Timestamp) -> Result<bool, StoreError>;
}
