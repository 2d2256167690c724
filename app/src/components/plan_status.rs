//! Where a carer's plan stands, in words: private, waiting for a worker,
//! with one, withdrawn, or asked to be deleted and what happens next. Said
//! on the home page, the Sharing pages and the "Deleting your plan" page.

use crate::views::deletion::MyDeletionRequest;
use crate::views::sharing::PlanState;
use leptos::prelude::*;

/// Where the plan stands, in one sentence (home page and Sharing page).
pub fn plan_state_text(state: &PlanState) -> String {
    match state {
        PlanState::Private => "Private: only you can see your plan.".to_owned(),
        PlanState::Waiting { since, due_by } => {
            format!("Waiting for a carer support worker since {since}. Someone will get in touch by {due_by}.")
        }
        PlanState::WithWorker { worker, since } => format!("With {worker}, your carer support worker, since {since}."),
        PlanState::Withdrawn { on } => format!("You withdrew your consent on {on}. Nobody else can see your plan."),
        PlanState::Deletion(request) if request.erasing => "Your plan is being deleted now.".to_owned(),
        // What happens to it next is said once, where the request is shown.
        PlanState::Deletion(request) => format!("You asked on {} for your plan to be deleted.", request.asked_on),
    }
}

/// What happens next to a plan the carer asked us to delete, in words: for
/// the "Deleting your plan" page and the Sharing page, each of which has
/// already said when they asked.
#[component]
pub fn RequestStatus(
    /// The carer's request to delete their plan.
    request: MyDeletionRequest,
) -> impl IntoView {
    match (request.erasing, request.held.clone()) {
        (true, _) => view! {
            <p class="body">"Your plan is being deleted now."</p>
        }
        .into_any(),
        (false, Some(hold)) => view! {
            <div class="inset">
                <p class="body"><strong>"Your plan is being kept for now."</strong></p>
                <p class="body">{hold.why}</p>
                <p class="body">{format!("We will look at this again by {}. Nobody can see your plan unless the law requires it, and we will delete it as soon as we are allowed to.", hold.review_on)}</p>
            </div>
        }
        .into_any(),
        (false, None) => view! { <p class="body">{next_for_request(&request)}</p> }.into_any(),
    }
}

/// What happens next to a request that is neither held nor being erased:
/// said on the Sharing page, the "Deleting your plan" page, and (once a hold
/// has ended) the home page.
pub fn next_for_request(request: &MyDeletionRequest) -> String {
    match &request.released_on {
        Some(released) => format!(
            "We had to keep your plan for a while, for a legal reason. That ended on {released}, so we will delete everything we hold about you by {}.",
            request.due_on
        ),
        None => format!(
            "Nobody at the carers' centre can open your plan any more. We will delete everything we hold about you by {}.",
            request.due_on
        ),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn where_the_plan_stands_reads_as_a_sentence() {
        let waiting = PlanState::Waiting { since: "24 November 2026".into(), due_by: "Friday 27 November 2026".into() };
        assert_eq!(
            plan_state_text(&waiting),
            "Waiting for a carer support worker since 24 November 2026. Someone will get in touch by Friday 27 November 2026."
        );
        assert!(plan_state_text(&PlanState::Private).starts_with("Private"));
    }

    #[test]
    fn a_carer_who_asked_for_deletion_is_told_that_not_that_they_withdrew() {
        let asked = crate::views::deletion::MyDeletionRequest {
            requested_at: "Monday 21 September 2026 at 3:13pm".into(),
            asked_on: "Monday 21 September 2026".into(),
            due_on: "Monday 5 October 2026".into(),
            held: None,
            released_on: None,
            erasing: false,
        };
        let said = plan_state_text(&PlanState::Deletion(asked.clone()));
        assert_eq!(said, "You asked on Monday 21 September 2026 for your plan to be deleted.");
        let erasing = plan_state_text(&PlanState::Deletion(crate::views::deletion::MyDeletionRequest { erasing: true, ..asked }));
        assert_eq!(erasing, "Your plan is being deleted now.");
    }
}
