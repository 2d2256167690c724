//! The carer's plan, a page at a time: about me and the people I care for,
//! one page per wellbeing area, outcomes and actions, emergency and future
//! planning, breaks, review, and the summary with the wellbeing chart.
//!
//! Every page that edits one record of the plan is a [`record_page`]: it
//! says which record it edits and draws its questions; loading, saving a
//! posted form, the conflict warning, the autosave and "Save and continue"
//! are here, once.

mod about_me;
mod agree;
mod area;
mod changed;
mod outcomes;
mod records;
mod sections;
pub(crate) mod summary;

pub use about_me::{AboutMePage, PersonPage};
pub use agree::{AgreedPlanPage, CheckAndSignPage};
pub use area::AreaPage;
pub use changed::CircumstancesChangedPage;
pub use outcomes::{ActionPage, OutcomePage, OutcomesPage};
pub use records::{NewRecordPage, RemovePage};
pub use sections::{BreaksPage, EmergencyPage, ReviewPage};
pub use summary::SummaryPage;

use super::{messages_for, on_post, page, submission};
use crate::api::plan::{my_plan, save_section};
use crate::components::{Autosave, Choice, ErrorSummary, Layout, Radios};
use crate::domain::plan::{Answer, Finished, RecordKey, SaveOutcome};
use crate::error::{AppError, FieldErrors};
use crate::framework::Framework;
use crate::paths::{self, Repeated};
use crate::views::plan::PlanPage;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use std::collections::BTreeMap;

/// A record's answers as the page shows them.
type Values = BTreeMap<String, String>;

/// What a plan page draws its questions from: the plan, what to show in
/// each field (stored, or just typed), and the message beside each.
pub struct Sheet<'a> {
    /// The carer, their plan and the framework.
    pub page: &'a PlanPage,
    values: &'a Values,
    errors: &'a FieldErrors,
}

impl Sheet<'_> {
    /// What to show in the field called `name`.
    pub fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    /// The answer shown in a choice field, if it holds one.
    pub fn answer<A: Answer>(&self, name: &str) -> Option<A> {
        A::parse(&self.value(name))
    }

    /// Every message, for the fields to pick their own from.
    pub fn errors(&self) -> FieldErrors {
        self.errors.clone()
    }

    /// "Have you finished this section?", which most sections end with.
    pub fn finished(&self) -> impl IntoView + use<> {
        let choices = Choice::all::<Finished>();
        view! {
            <Radios name="done" legend="Have you finished this section?".to_owned()
                hint="You can change your answers at any time.".to_owned()
                choices=choices
                chosen=self.value("done") errors=self.errors() />
        }
    }
}

/// A plan page's title (as in its heading) and its questions.
pub struct Questions {
    /// The page title.
    pub title: String,
    /// Everything between the error summary and "Save and continue".
    pub body: AnyView,
}

/// A button that saves the page, then opens a new record of `kind` (so
/// nothing typed on this page is lost, with or without JavaScript).
pub fn add_button(kind: Repeated, label: &'static str) -> impl IntoView {
    view! {
        <p class="body">
            <button type="submit" name=THEN value=kind.as_str() class="button button--secondary">{label}</button>
        </p>
    }
}

/// The posted field naming where to go after saving, instead of the next section.
const THEN: &str = "__then";

/// Where "Save and continue" goes after each section.
fn next_after(framework: &Framework, key: &RecordKey) -> String {
    let areas: Vec<&str> = framework.areas.iter().map(|a| a.id.as_str()).collect();
    let first_area = || areas.first().map_or(paths::OUTCOMES.to_owned(), |a| paths::area(a));
    match key {
        RecordKey::AboutMe => first_area(),
        RecordKey::Person(_) => paths::ABOUT_ME.to_owned(),
        RecordKey::Area(id) => match areas.iter().position(|a| a == id).and_then(|i| areas.get(i + 1)) {
            Some(next) => paths::area(next),
            None => paths::OUTCOMES.to_owned(),
        },
        RecordKey::Outcome(_) | RecordKey::Action(_) => paths::OUTCOMES.to_owned(),
        RecordKey::Outcomes => paths::EMERGENCY.to_owned(),
        RecordKey::Emergency => paths::BREAKS.to_owned(),
        RecordKey::Breaks => paths::REVIEW.to_owned(),
        RecordKey::Review => paths::SUMMARY.to_owned(),
        RecordKey::HandOff => paths::READY_CHECK.to_owned(),
        RecordKey::WorkerArea(_) | RecordKey::WorkerPlan | RecordKey::WorkerAction(_) => paths::HOME.to_owned(),
    }
}

/// Everything a plan page has once loaded.
struct Loaded<K> {
    page: PlanPage,
    key: RecordKey,
    extra: K,
    outcome: Option<Result<SaveOutcome, AppError>>,
    typed: Option<Values>,
    then: Option<Repeated>,
    /// Where the form posts and where a saved form goes, when not the record's own page.
    at: Option<(&'static str, &'static str)>,
}

/// A page that edits one record of the plan: `key` (from the address;
/// nothing means "Page not found"), anything else its questions need from
/// the loaded plan (`extra`; nothing also means "Page not found"), and
/// `questions`, which draws them.
fn record_page<K>(
    key: Option<RecordKey>,
    extra: impl Fn(&PlanPage, &RecordKey) -> Option<K> + Send + Sync + 'static,
    questions: impl Fn(&Sheet, &K) -> Questions + Send + Sync + 'static,
) -> impl IntoView
where
    K: Send + 'static,
{
    record_page_at(key, None, extra, questions)
}

/// A [`record_page`] for one of several pages that fill the same record
/// (the hand-off questions): `at` is this page's address and the next one.
pub(crate) fn record_page_at<K>(
    key: Option<RecordKey>,
    at: Option<(&'static str, &'static str)>,
    extra: impl Fn(&PlanPage, &RecordKey) -> Option<K> + Send + Sync + 'static,
    questions: impl Fn(&Sheet, &K) -> Questions + Send + Sync + 'static,
) -> impl IntoView
where
    K: Send + 'static,
{
    let posted = submission().map(|s| (s.plan_answers(), Repeated::parse(&s.get(THEN))));
    let save_key = key.clone();
    let outcome = on_post(posted.clone().map(|(answers, _)| answers), move |(version, fields)| {
        save_section(save_key.as_ref().map(ToString::to_string).unwrap_or_default(), version, fields)
    });
    let extra = std::sync::Arc::new(extra);
    page(
        move || {
            let (key, extra, posted) = (key.clone(), extra.clone(), posted.clone());
            async move {
                let page = my_plan().await?;
                let key = key.ok_or(AppError::NotFound)?;
                let extra = extra(&page, &key).ok_or(AppError::NotFound)?;
                let outcome = outcome.await;
                let (typed, then) = match posted {
                    Some(((_, typed), then)) => (Some(typed), then),
                    None => (None, None),
                };
                Ok(Loaded { page, key, extra, outcome, typed, then, at })
            }
        },
        move |loaded| record_form(loaded, &questions),
    )
}

/// Draws a plan page, or moves on once its form has been saved.
fn record_form<K>(loaded: Loaded<K>, questions: &impl Fn(&Sheet, &K) -> Questions) -> AnyView {
    let Loaded { page, key, extra, outcome, typed, then, at } = loaded;
    if let Some(Ok(SaveOutcome::Saved { .. })) = &outcome {
        let next = match at {
            Some((_, next)) => next.to_owned(),
            None => then.map_or_else(|| next_after(&page.framework, &key), paths::new_record),
        };
        return view! { <Redirect path=next /> }.into_any();
    }
    let (version, values, conflict) = crate::components::record_form::shown(page.plan.record(&key), typed, &outcome);
    let errors = messages_for(&outcome, "done");
    let Questions { title, body } = questions(&Sheet { page: &page, values: &values, errors: &errors }, &extra);
    view! {
        <Layout title=title user=Some(page.user.clone())>
            <a href=paths::HOME class="back-link">"Back to your plan"</a>
            <ErrorSummary errors=errors.clone() />
            {conflict.then(|| view! {
                <div class="notification notification--warning" role="alert">
                    <h2 class="notification__title">"These answers were changed somewhere else"</h2>
                    <p class="body">
                        "Your plan was changed on another device or in another tab after you opened this page. "
                        "What you typed is below and has not been saved yet. Check it, then select Save and continue to keep it."
                    </p>
                </div>
            })}
            <Autosave record_key=key.to_string() user_id=page.user.id.to_string() version=version
                keep_drafts=!page.user.shared_device>
                <form method="post" action=at.map_or_else(|| paths::record(&key), |(here, _)| here.to_owned()) novalidate>
                    // Pressing Enter in a field saves and continues, as the
                    // last button does, even on pages whose first button
                    // adds a person, outcome or action.
                    <button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true">"Save and continue"</button>
                    <input type="hidden" name="__version" value=version.to_string() />
                    {body}
                    <button type="submit" class="button">"Save and continue"</button>
                </form>
            </Autosave>
        </Layout>
    }
    .into_any()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::pages::samples::{html, plan_page};
    use crate::paths::tests::{local_links, resolves, route_table};

    /// Draws one plan page as it is first shown.
    fn draw<K>(page: &PlanPage, key: RecordKey, extra: K, questions: impl Fn(&Sheet, &K) -> Questions) -> String {
        html(|| {
            let loaded = Loaded { page: page.clone(), key, extra, outcome: None, typed: None, then: None, at: None };
            record_form(loaded, &questions)
        })
    }

    fn every_plan_page() -> Vec<(String, String)> {
        let page = plan_page();
        let (person, _) = page.plan.people()[0];
        let (outcome, _) = page.plan.outcomes()[0];
        let (action, _) = page.plan.actions()[0];
        let area_id = page.framework.areas[1].id.clone();
        let area = page.framework.areas[1].clone();
        vec![
            ("about me".into(), draw(&page, RecordKey::AboutMe, (), |s, _| about_me::about_me(s))),
            ("a person".into(), draw(&page, person.key(), (), |s, _| about_me::person(s))),
            ("an area".into(), draw(&page, RecordKey::Area(area_id), area, area::area)),
            ("outcomes".into(), draw(&page, RecordKey::Outcomes, (), |s, _| outcomes::outcomes(s))),
            ("an outcome".into(), draw(&page, outcome.key(), (), |s, _| outcomes::outcome(s))),
            ("an action".into(), draw(&page, action.key(), (), |s, _| outcomes::action(s))),
            ("emergency".into(), draw(&page, RecordKey::Emergency, (), |s, _| sections::emergency(s))),
            ("breaks".into(), draw(&page, RecordKey::Breaks, (), |s, _| sections::breaks(s))),
            ("review".into(), draw(&page, RecordKey::Review, (), |s, _| sections::review(s))),
            ("summary".into(), html(|| view! { <summary::Summary page=page.clone() /> }.into_any())),
        ]
    }

    #[tokio::test]
    async fn every_link_and_form_on_the_plan_pages_has_a_route() {
        let table = route_table();
        for (name, page) in every_plan_page() {
            let links = local_links(&page);
            assert!(links.len() >= 3, "{name}: found only {links:?}");
            for link in links {
                assert!(resolves(&table, &link), "{name} links to {link}, which has no route");
            }
        }
    }

    #[test]
    fn the_lists_link_each_record_by_its_own_id() {
        let page = plan_page();
        let (person, _) = page.plan.people()[0];
        let about_me = draw(&page, RecordKey::AboutMe, (), |s, _| about_me::about_me(s));
        assert!(about_me.contains(&format!("href=\"/plan/person/{person}\"")), "{about_me}");
        assert!(about_me.contains(&format!("href=\"/plan/remove/person/{person}\"")));
        let (action, _) = page.plan.actions()[0];
        let outcomes = draw(&page, RecordKey::Outcomes, (), |s, _| outcomes::outcomes(s));
        assert!(outcomes.contains(&format!("href=\"/plan/action/{action}\"")));
        assert!(
            outcomes.contains("The carers&#x27; centre · In progress") || outcomes.contains("The carers' centre · In progress"),
            "{outcomes}"
        );
    }

    #[test]
    fn adding_a_person_outcome_or_action_is_a_button_that_saves_the_form_first() {
        let page = plan_page();
        let about_me = draw(&page, RecordKey::AboutMe, (), |s, _| about_me::about_me(s));
        assert!(about_me.contains("name=\"__then\" value=\"person\""), "{about_me}");
        let outcomes = draw(&page, RecordKey::Outcomes, (), |s, _| outcomes::outcomes(s));
        assert!(outcomes.contains("name=\"__then\" value=\"outcome\""));
        assert!(outcomes.contains("name=\"__then\" value=\"action\""));
        // Both inside the one form, after the button Enter presses.
        let start = outcomes.find("<form method=\"post\" action=\"/plan/outcomes\"").expect("the plan form");
        let form = &outcomes[start..start + outcomes[start..].find("</form>").expect("its end")];
        let enter = form.find("type=\"submit\"").expect("a submit button");
        assert!(enter < form.find("__then").expect("an add button"), "Enter must save and continue, not add");
    }

    #[test]
    fn after_a_save_the_page_moves_on_or_opens_the_new_record_asked_for() {
        let page = plan_page();
        assert_eq!(next_after(&page.framework, &RecordKey::AboutMe), paths::area(&page.framework.areas[0].id));
        assert_eq!(next_after(&page.framework, &RecordKey::Review), paths::SUMMARY);
        let last = RecordKey::Area(page.framework.areas.last().expect("areas").id.clone());
        assert_eq!(next_after(&page.framework, &last), paths::OUTCOMES);
    }
}
