//! Pages for the carers' centre: the queue, pick-up, the caseload and the
//! shared plan (workers), and allocations and deactivation (managers).

mod manager;
mod plan;
mod queue;

pub use manager::{AllocationsPage, DeactivatePage, ReallocatePage};
pub use plan::{SharedPlanPage, SharedSectionPage};
pub use queue::{CaseloadPage, QueuePage};

use crate::api::worker::QueueRow;
use crate::domain::account::Role;
use crate::routes;
use leptos::prelude::*;

/// Links between the staff pages, for the role signed in.
#[component]
pub fn StaffNav(role: Role) -> impl IntoView {
    view! {
        <nav class="staff-nav" aria-label="Staff pages">
            <ul class="list list--inline">
                <li><a href=routes::WORKER>"Plans waiting for a worker"</a></li>
                {(role == Role::Worker).then(|| view! { <li><a href=routes::CASELOAD>"My caseload"</a></li> })}
                {(role == Role::Manager).then(|| view! {
                    <li><a href=routes::ALLOCATIONS>"Allocations"</a></li>
                    <li><a href=routes::MANAGER>"Staff accounts"</a></li>
                })}
            </ul>
        </nav>
    }
}

/// How urgent a plan is, in words (never colour alone): terminal illness,
/// each clock, the highest impact.
#[component]
pub fn Urgency(row: QueueRow) -> impl IntoView {
    view! {
        {row.terminal.then(|| view! { <strong class="tag tag--red">"Terminally ill"</strong><br /> })}
        {row.clocks.into_iter().map(|(what, status, overdue)| view! {
            <span class:overdue=overdue>{format!("{what}: {status}")}</span><br />
        }).collect_view()}
        {row.top_impact.map(|level| view! { <span>{format!("Highest rating: {}", level.label())}</span> })}
        {row.needs_reallocation.then(|| view! { <br /><strong class="tag">"Reallocation needed"</strong> })}
    }
}
