//! The shared part of a plan, read-only: what a carer checks before they
//! send it, and what the worker it is allocated to reads.

use crate::domain::calendar::written_date;
use crate::domain::plan::{ActionStatus, Answer, OutcomeKind, Plan, PlanRecord, RecordKey, Responsible, YesNo, YesNoNotSure};
use crate::domain::sharing::Section;
use crate::framework::Framework;
use leptos::prelude::*;

/// What the carer said about one person they care for, in one line:
/// `whom` is "me" in the carer's own summary, "the carer" for a worker.
pub(crate) fn person_detail(p: &PlanRecord, whom: &str) -> String {
    let mut detail = vec![p.get("relationship").to_owned(), p.get("condition").to_owned()];
    if !p.get("hours").is_empty() {
        detail.push(format!("{} hours of care a week", p.get("hours")));
    }
    match p.answer::<YesNo>("live_together") {
        Some(YesNo::Yes) => detail.push(format!("Lives with {whom}")),
        Some(YesNo::No) => detail.push(format!("Does not live with {whom}")),
        None => {}
    }
    if p.answer::<YesNoNotSure>("terminal") == Some(YesNoNotSure::Yes) {
        detail.push("Terminally ill".into());
    }
    detail.into_iter().filter(|d| !d.is_empty()).collect::<Vec<_>>().join(". ")
}

/// One answer, read-only.
pub(crate) fn row(key: String, answer: String) -> impl IntoView {
    let answer = if answer.trim().is_empty() { "Not answered".to_owned() } else { answer };
    view! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{key}</dt>
            <dd class="summary-list__value summary-list__value--text">{answer}</dd>
        </div>
    }
}

/// The carer's words in `sections` of `plan`, each under its own heading
/// (`level` 2 or 3). A skipped area says so and shows nothing else.
///
/// Staff read "the carer"; with `yours`, the carer reads their own plan as
/// agreed, in "you", with what their worker wrote about each area (their
/// rating and notes) beside the carer's own.
#[component]
pub fn SharedSections(
    /// The carer's plan.
    plan: Plan,
    /// The framework the plan follows, for the sections' titles and questions.
    framework: crate::framework::Shared,
    /// The sections to show, in order.
    sections: Vec<Section>,
    /// The level of each section's heading: 2 or 3.
    #[prop(default = 2)]
    level: u8,
    /// The carer reads their own plan as agreed: in "you", with what their
    /// worker wrote about each area beside their own words.
    #[prop(optional)]
    yours: bool,
) -> impl IntoView {
    sections
        .into_iter()
        .map(|section| {
            let title = section.title(&framework);
            let heading = if level == 2 {
                view! { <h2 class="heading-m">{title}</h2> }.into_any()
            } else {
                view! { <h3 class="heading-s">{title}</h3> }.into_any()
            };
            let body = section_body(&plan, &framework, &section, yours);
            view! { {heading} <dl class="summary-list">{body}</dl> }
        })
        .collect_view()
}

fn section_body(plan: &Plan, framework: &Framework, section: &Section, yours: bool) -> AnyView {
    let get = |key: &RecordKey, field: &str| plan.record(key).map(|r| r.get(field).to_owned()).unwrap_or_default();
    // The same answer, as staff and as the carer read it.
    let words = |staff: &str, carer: &str| if yours { carer.to_owned() } else { staff.to_owned() };
    match section {
        Section::AboutMe => {
            let whom = if yours { "you" } else { "the carer" };
            let people = plan.people().into_iter().map(|(_, p)| row(p.get("name").to_owned(), person_detail(p, whom))).collect_view();
            view! {
                {people}
                {row(words("How they feel about going on caring", "How you feel about going on caring"), get(&RecordKey::AboutMe, "able_willing"))}
            }
            .into_any()
        }
        Section::Area(id) => {
            if section.is_skipped(plan) {
                return row(String::new(), words("The carer has chosen not to talk about this", "You chose not to talk about this"))
                    .into_any();
            }
            let key = RecordKey::Area(id.clone());
            let rating = framework
                .area(id)
                .and_then(|area| plan.rating(id).map(|l| format!("{} – {}", l.label(), area.descriptor(l))))
                .unwrap_or_default();
            view! {
                {row("What is happening now".into(), get(&key, "now"))}
                {row("What matters".into(), get(&key, "matters"))}
                {row(words("Impact of caring (the carer's own rating)", "Impact of caring (your own rating)"), rating)}
                {row(words("What they or people around them can do", "What you or people around you can do"), get(&key, "can_do"))}
                {row("What would help".into(), get(&key, "would_help"))}
                {yours.then(|| workers_view_of_area(plan, id)).flatten()}
            }
            .into_any()
        }
        Section::Outcomes => {
            let outcomes =
                plan.outcomes().into_iter().map(|(_, o)| row(outcome_heading(o).to_owned(), o.get("text").to_owned())).collect_view();
            let actions = plan
                .actions()
                .into_iter()
                .map(|(_, a)| row("Action".into(), format!("{} ({})", a.get("text"), action_detail(a))))
                .collect_view();
            view! { {outcomes} {actions} }.into_any()
        }
        Section::Emergency => view! {
            {row("Who would step in".into(), get(&RecordKey::Emergency, "who_steps_in"))}
            {row("Key contacts".into(), get(&RecordKey::Emergency, "contacts"))}
            {row("The future".into(), get(&RecordKey::Emergency, "future"))}
        }
        .into_any(),
        Section::Breaks => {
            let would = plan
                .record(&RecordKey::Breaks)
                .and_then(|r| r.answer::<YesNoNotSure>("would_help"))
                .map_or("", YesNoNotSure::label)
                .to_owned();
            view! {
                {row("Would a break help".into(), would)}
                {row("What kind of break".into(), get(&RecordKey::Breaks, "kind"))}
            }
            .into_any()
        }
        Section::Review => view! {
            {row("What should prompt an earlier review".into(), get(&RecordKey::Review, "triggers"))}
            {row("Circumstances changed on".into(), crate::domain::calendar::written_date(&get(&RecordKey::Review, "changed_on")))}
        }
        .into_any(),
    }
}

/// What the worker wrote about one area, for the carer to read beside
/// their own answers; nothing when the worker has written nothing.
pub(crate) fn workers_view_of_area(plan: &Plan, area_id: &str) -> Option<AnyView> {
    let record = plan.record(&RecordKey::WorkerArea(area_id.to_owned()))?;
    let rating = crate::domain::plan::ImpactLevel::parse(record.get("rating")).map(|l| l.label().to_owned()).unwrap_or_default();
    let yours = plan.rating(area_id).map(|l| l.label());
    let differs = match (yours, rating.as_str()) {
        (Some(yours), theirs) if !theirs.is_empty() && yours != theirs => format!(" (you rated it {})", yours.to_lowercase()),
        _ => String::new(),
    };
    Some(
        view! {
            {row("Your worker's rating".into(), if rating.is_empty() { rating } else { format!("{rating}{differs}") })}
            {row("Your worker's notes".into(), record.get("notes").to_owned())}
        }
        .into_any(),
    )
}

/// An outcome's one-word heading ("Keep", "Change", "Improve").
pub(crate) fn outcome_heading(record: &PlanRecord) -> &'static str {
    record.answer::<OutcomeKind>("kind").map_or("", OutcomeKind::short)
}

/// An action as the lists show it: who, by when, and where it has got to.
pub(crate) fn action_detail(record: &PlanRecord) -> String {
    let mut detail = vec![record.answer::<Responsible>("who").map_or("", Responsible::label).to_owned()];
    if !record.get("target").is_empty() {
        detail.push(format!("by {}", written_date(record.get("target"))));
    }
    // An action nobody has updated has not started.
    detail.push(record.answer::<ActionStatus>("status").unwrap_or(ActionStatus::NotStarted).label().to_owned());
    detail.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
}

/// An agreed action's who and by when.
pub(crate) fn agreed_action_detail(record: &PlanRecord) -> String {
    let mut detail = vec![record.answer::<Responsible>("who").map_or("", Responsible::label).to_owned()];
    if !record.get("target").is_empty() {
        detail.push(format!("by {}", written_date(record.get("target"))));
    }
    detail.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
}

/// The worker's part of the support plan, for the carer to read.
#[component]
pub fn WorkersPart(
    /// The carer's plan, with the worker's part in it.
    plan: Plan,
) -> impl IntoView {
    use crate::domain::conversation::SupportLevel;
    let actions = plan.worker_actions().into_iter().map(|(_, a)| row(a.get("text").to_owned(), agreed_action_detail(a))).collect_view();
    let agreed = (!plan.worker_actions().is_empty()).then(|| {
        view! {
            <h2 class="heading-m">"Actions agreed with your worker"</h2>
            <dl class="summary-list">{actions}</dl>
        }
    });
    let Some(record) = plan.record(&RecordKey::WorkerPlan).cloned() else { return agreed.into_any() };
    let get = |name: &str| record.get(name).to_owned();
    let needs = match record.answer::<YesNo>("has_needs") {
        Some(YesNo::No) => "None".to_owned(),
        _ => get("needs"),
    };
    let level = SupportLevel::parse(record.get("support_level")).map(|l| l.label().to_owned()).unwrap_or_default();
    let level = match get("level_reason") {
        reason if reason.trim().is_empty() || level.is_empty() => level,
        reason => format!("{level}. {reason}"),
    };
    view! {
        <h2 class="heading-m">"Your worker's part of the plan"</h2>
        <dl class="summary-list">
            {row("Your needs for support".into(), needs)}
            {row("Outcomes agreed with your worker".into(), get("outcomes"))}
            {row("Support available locally".into(), get("local_support"))}
            {row("Support where you live, if another council area".into(), get("other_council"))}
            {row("Support for eligible needs".into(), get("eligible_support"))}
            {row("Support for other needs".into(), get("other_support"))}
            {row("A break from caring".into(), record.answer::<YesNoNotSure>("break").map_or("", YesNoNotSure::label).to_owned())}
            {row("What kind of break".into(), get("break_detail"))}
            {row("Level of support".into(), level)}
        </dl>
        {agreed}
    }
    .into_any()
}
