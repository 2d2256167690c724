//! The carer's sharing pages: "I'm ready to talk to someone" (question
//! pages, check your answers, sent) and the Sharing page (every share, its
//! receipts, who has seen the plan, change what is shared, withdraw).

mod manage;
mod ready;
mod social_work;

pub use manage::{ChangeSharingPage, ReceiptPage, SharingPage, WithdrawPage};
pub use social_work::SocialWorkPage;
pub use ready::{ReadyCheckPage, ReadyContactPage, ReadyPersonPage, ReadySectionsPage, ReadySentPage};

use crate::api::sharing::PlanState;
use crate::components::fields::FieldMessage;
use crate::error::FieldErrors;
use leptos::prelude::*;

/// Where the plan stands, in one sentence (home page and Sharing page).
pub fn plan_state_text(state: &PlanState) -> String {
    match state {
        PlanState::Private => "Private: only you can see your plan.".to_owned(),
        PlanState::Waiting { since, due_by } => format!(
            "Waiting for a carer support worker since {since}. Someone will get in touch by {due_by}."
        ),
        PlanState::WithWorker { worker, since } => format!("With {worker}, your carer support worker, since {since}."),
        PlanState::Withdrawn { on } => format!("You withdrew your consent on {on}. Nobody else can see your plan."),
        PlanState::Deletion(request) if request.erasing => "Your plan is being deleted now.".to_owned(),
        // What happens to it next is said once, where the request is shown.
        PlanState::Deletion(request) => format!("You asked on {} for your plan to be deleted.", request.asked_on),
    }
}

/// Checkboxes for choosing sections: `offered` (id, title), ticked where `chosen`.
#[component]
pub fn SectionChoice(
    offered: Vec<(String, String)>,
    chosen: Vec<String>,
    errors: FieldErrors,
    legend: String,
    hint: String,
) -> impl IntoView {
    let message = errors.get("sections").map(str::to_owned);
    let invalid = message.is_some();
    let described = if invalid { "sections-hint sections-error" } else { "sections-hint" };
    view! {
        <div class="form-group" class:form-group--error=invalid id="sections-group">
            <fieldset class="fieldset" aria-describedby=described>
                <legend class="label fieldset__legend">{legend}</legend>
                <div class="hint" id="sections-hint">{hint}</div>
                <FieldMessage name="sections" message=message />
                <div class="checkboxes">
                    {offered
                        .into_iter()
                        .enumerate()
                        .map(|(i, (id, title))| {
                            // The first box carries the field's id, so the error summary's link lands on it.
                            let input_id = if i == 0 { "sections".to_owned() } else { format!("sections-{id}") };
                            let checked = chosen.contains(&id);
                            view! {
                                <div class="checkbox">
                                    <input class="checkbox__input" id=input_id.clone() name="sections" type="checkbox"
                                        value=id checked=checked />
                                    <label class="label checkbox__label" for=input_id>{title}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::pages::samples::html;

    #[test]
    fn the_first_section_box_carries_the_fields_id_and_chosen_ones_are_ticked() {
        let mut errors = FieldErrors::default();
        errors.push("sections", "Select at least one part of your plan to share");
        let offered = vec![("about-me".to_owned(), "About me".to_owned()), ("area-health".to_owned(), "Health".to_owned())];
        let drawn = html(move || {
            view! { <SectionChoice offered=offered chosen=vec!["area-health".into()] errors=errors legend="Parts".into() hint="Any".into() /> }
                .into_any()
        });
        assert!(drawn.contains("id=\"sections\" name=\"sections\" type=\"checkbox\" value=\"about-me\""), "{drawn}");
        assert!(drawn.contains("value=\"area-health\" checked"), "{drawn}");
        assert!(drawn.contains("Select at least one part of your plan to share"));
    }

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
        let asked = crate::api::deletion::MyDeletionRequest {
            requested_at: "Monday 21 September 2026 at 3:13pm".into(),
            asked_on: "Monday 21 September 2026".into(),
            due_on: "Monday 5 October 2026".into(),
            held: None,
            released_on: None,
            erasing: false,
        };
        let said = plan_state_text(&PlanState::Deletion(asked.clone()));
        assert_eq!(said, "You asked on Monday 21 September 2026 for your plan to be deleted.");
        let erasing = plan_state_text(&PlanState::Deletion(crate::api::deletion::MyDeletionRequest { erasing: true, ..asked }));
        assert_eq!(erasing, "Your plan is being deleted now.");
    }
}
