//! Pages for the carers' centre: the queue, pick-up, the caseload and the
//! shared plan (workers), and allocations and deactivation (managers).

mod deletions;
mod figures;
mod manager;
mod part;
mod plan;
mod queue;
mod referral;
mod send;

pub use deletions::{DeletionRequestPage, DeletionRequestsPage};
pub use figures::FiguresPage;
pub use manager::{AllocationsPage, DeactivatePage, ReallocatePage};
pub use part::{SupportPlanPage, WorkerActionPage};
pub use plan::{SharedPlanPage, SharedSectionPage};
pub use queue::{CaseloadPage, QueuePage};
pub use referral::{LegalReferralsPage, ReferPage, ReferralPackagePage};
pub use send::SendToCarerPage;

use crate::views::worker::QueueRow;
use leptos::prelude::*;

/// How urgent a plan is, in words (never colour alone): terminal illness,
/// each clock, the highest impact.
#[component]
pub fn Urgency(
    /// The waiting or allocated plan whose urgency is said.
    row: QueueRow,
) -> impl IntoView {
    view! {
        {row.terminal.then(|| view! { <strong class="tag tag--red">"Terminally ill"</strong><br /> })}
        {row.clocks.into_iter().map(|(what, status, overdue)| view! {
            <span class:overdue=overdue>{format!("{what}: {status}")}</span><br />
        }).collect_view()}
        {row.top_impact.map(|level| view! { <span>{format!("Highest rating: {}", level.label())}</span> })}
        {row.needs_reallocation.then(|| view! { <br /><strong class="tag">"Reallocation needed"</strong> })}
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::components::StaffNav;
    use crate::domain::account::Role;
    use crate::domain::plan::ImpactLevel;
    use crate::pages::samples::html;
    use crate::paths;
    use crate::paths::tests::{local_links, resolves, route_table};

    fn row() -> QueueRow {
        QueueRow {
            carer_id: uuid::Uuid::new_v4(),
            carer_name: "Cara".into(),
            handed_off: "24 November 2026".into(),
            sections: vec!["Health and wellbeing".into()],
            terminal: true,
            top_impact: Some(ImpactLevel::Critical),
            clocks: vec![("Support plan offered".into(), "overdue by 2 working days".into(), true)],
            needs_reallocation: true,
            worker: None,
            allocated: None,
            agreement: None,
            review_due: None,
        }
    }

    #[tokio::test]
    async fn every_staff_link_has_a_route_and_each_role_sees_its_own() {
        let table = route_table();
        for role in [Role::Worker, Role::Manager] {
            let nav = html(|| view! { <StaffNav role=role /> }.into_any());
            for link in local_links(&nav) {
                assert!(resolves(&table, &link), "{link}");
            }
            assert_eq!(nav.contains(paths::CASELOAD), role == Role::Worker, "{nav}");
            assert_eq!(nav.contains(paths::ALLOCATIONS), role == Role::Manager, "{nav}");
        }
    }

    #[test]
    fn urgency_is_said_in_words_not_colour_alone() {
        let shown = html(|| view! { <Urgency row=row() /> }.into_any());
        for words in
            ["Terminally ill", "Support plan offered: overdue by 2 working days", "Highest rating: Critical impact", "Reallocation needed"]
        {
            assert!(shown.contains(words), "{words} missing from {shown}");
        }
    }
}
