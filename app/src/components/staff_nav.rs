//! The links between the staff pages.

use crate::domain::account::Role;
use crate::paths;
use leptos::prelude::*;

/// Links between the staff pages, for the role signed in.
#[component]
pub fn StaffNav(
    /// The role of the member of staff signed in: managers see more links.
    role: Role,
) -> impl IntoView {
    view! {
        <nav class="staff-nav" aria-label="Staff pages">
            <ul class="list list--inline">
                <li><a href=paths::WORKER>"Plans waiting for a worker"</a></li>
                {(role == Role::Worker).then(|| view! { <li><a href=paths::CASELOAD>"My caseload"</a></li> })}
                {(role == Role::Manager).then(|| view! {
                    <li><a href=paths::ALLOCATIONS>"Allocations"</a></li>
                    <li><a href=paths::LEGAL_REFERRALS>"Referrals for a legal reason"</a></li>
                    <li><a href=paths::FIGURES>"Figures"</a></li>
                    <li><a href=paths::DELETIONS>"Requests to delete a plan"</a></li>
                    <li><a href=paths::MANAGER>"Staff accounts"</a></li>
                })}
            </ul>
        </nav>
    }
}
