//! The pages. Each is a server component rendered whole before it is sent
//! (`SsrMode::Async`), so every page and form works without JavaScript.
//!
//! Every page is drawn by [`page`]: it says what it loads and how it looks;
//! refusing (sign in first, not yours, not found, a fault) is written once,
//! there.
//!
//! A form posts back to its own page. The server hands the posted fields to
//! the page as a [`FormSubmission`]; the page calls its server function and
//! either moves on (redirect) or shows the form again with what was typed
//! and a message beside each field.

pub mod accounts;
pub mod deletion;
pub mod home;
pub mod plan;
pub mod sharing;
pub mod staff;
pub mod worker;

use crate::api::accounts::whoami;
use crate::components::Refused;
use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde::{Serialize, de::DeserializeOwned};

/// The page shell: waits for what the page loads, then draws it with
/// `render`, or refuses. Not signed in goes to the sign-in page; any other
/// refusal answers with its status (403, 404, 500…) and a page that says
/// what happened, under the header of whoever is signed in.
///
/// `load` runs once per render on the server; a page that handles a form
/// awaits its [`on_post`] result inside it.
pub fn page<T, Fut, V>(load: impl Fn() -> Fut + Send + Sync + 'static, render: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView
where
    T: Send + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    // One load, made here rather than in a closure Suspense may call twice:
    // on the server it builds its child once to find what it waits for and
    // again to render it, and the first load, dropped half-way through a
    // query, cost its database connection: every page opened a new one
    // (about 8 ms on PostgreSQL). A server component never re-renders, so
    // nothing needs the closure.
    let loaded = load();
    let page = Suspend::new(async move {
        match loaded.await {
            Ok(data) => render(data).into_any(),
            Err(error) => refusal(error).await,
        }
    });
    view! { <Suspense>{page}</Suspense> }
}

/// What every page shows when it is refused. A visit that is not signed in
/// goes to the sign-in page; a form sent by someone whose session has ended
/// is answered with the sign-in page itself, carrying what they sent (a
/// redirect would lose it).
async fn refusal(error: AppError) -> AnyView {
    if matches!(error, AppError::Unauthorized | AppError::AccountClosed) {
        let error = AppError::Unauthorized;
        if submission().is_some() {
            set_status(error.status_code());
            let carried = use_context::<Carried>();
            return view! { <accounts::SignInAgain carried=carried why=why_signed_out() /> }.into_any();
        }
        return view! { <Redirect path=crate::paths::SIGN_IN /> }.into_any();
    }
    set_status(error.status_code());
    // The header still shows who is signed in, so a refusal never looks
    // like being signed out.
    let user = whoami().await.ok().flatten();
    view! { <Refused error=error user=user /> }.into_any()
}

/// Why a form's sender is not signed in, in words: their session ended
/// (the browser still had it), or they were not signed in at all.
fn why_signed_out() -> String {
    #[cfg(feature = "ssr")]
    if crate::api::context::session_presented() {
        return format!(
            "You were signed out because you had not used CarerSpace for {}.",
            crate::components::idle::minutes_in_words(crate::components::idle::IdleLimit::current().0)
        );
    }
    "You are not signed in.".to_owned()
}

/// A form sent to a page by someone whose session had ended, carried
/// through the sign-in page in two hidden fields (never stored on the
/// server): the page it was sent to and its fields, urlencoded as sent,
/// without any password. The server prepares it for each post (see its
/// `form_post`), checks it again when the sign-in page sends it back, and
/// after a sign-in sends it to its page as the new session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    /// The page it was sent to (a path of the route table).
    pub path: String,
    /// Its fields, urlencoded.
    pub form: String,
    /// Whose session the browser had when it was sent (the owner cookie):
    /// it is sent on only if the same person signs in.
    pub owner: Option<String>,
}

impl Carried {
    /// The hidden field holding the page.
    pub const PATH: &'static str = "__carried_path";
    /// The hidden field holding the form.
    pub const FORM: &'static str = "__carried_form";
    /// The hidden field holding whose it is.
    pub const OWNER: &'static str = "__carried_owner";

    /// The form a sign-in post carries, as sent (unchecked), if it carries one.
    pub fn posted(field: &dyn Fn(&str) -> String) -> Option<Carried> {
        let (path, form, owner) = (field(Carried::PATH), field(Carried::FORM), field(Carried::OWNER));
        (!path.is_empty()).then_some(Carried { path, form, owner: (!owner.is_empty()).then_some(owner) })
    }

    /// Whether a field of a form may be carried: never a password, never
    /// a carried form inside another.
    pub fn may_carry(name: &str) -> bool {
        name != "password" && name != Carried::PATH && name != Carried::FORM && name != Carried::OWNER
    }
}

/// The fields of a form posted to the page being rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormSubmission(pub Vec<(String, String)>);

impl FormSubmission {
    /// The value of a field, or "" when it was not sent. When a name is
    /// sent twice (a hidden "no" before a tickbox), the last one counts.
    pub fn get(&self, name: &str) -> String {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Every value posted under `name` (ticked checkboxes), in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }

    /// The answers posted for a plan record: the version the page showed
    /// (`__version`) and every field not starting with `__`.
    pub fn plan_answers(&self) -> (i64, std::collections::BTreeMap<String, String>) {
        let version = self.get("__version").trim().parse().unwrap_or(0);
        // One pass; a later value for a name replaces an earlier one.
        let fields = self.0.iter().filter(|(k, _)| !k.starts_with("__")).cloned().collect();
        (version, fields)
    }
}

/// The posted form, when this render answers a POST.
pub fn submission() -> Option<FormSubmission> {
    use_context::<FormSubmission>()
}

/// Reads a form of type `F` from this render's POST, if there was one.
pub fn posted_form<F: crate::domain::account::FromFields>() -> Option<F> {
    submission().map(|s| F::from_fields(&|name| s.get(name)))
}

/// Runs `act` with the posted form, once, before the page is rendered.
/// Resolves to `None` on an ordinary visit.
pub fn on_post<F, T, Fut>(form: Option<F>, act: impl Fn(F) -> Fut + Send + Sync + 'static) -> Resource<Option<Result<T, AppError>>>
where
    F: Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new_blocking(
        || (),
        move |_| {
            let pending = form.clone().map(&act);
            async move {
                match pending {
                    Some(fut) => Some(fut.await),
                    None => None,
                }
            }
        },
    )
}

/// The messages to show for a failed post: field errors as they are; any
/// other refusal (too many attempts, a fault) against `field`.
pub fn messages_for(outcome: &Option<Result<impl Sized, AppError>>, field: &str) -> FieldErrors {
    match outcome {
        Some(Err(AppError::Validation(errors))) => errors.clone(),
        Some(Err(other)) => {
            let mut errors = FieldErrors::default();
            errors.push(field, other.to_string());
            errors
        }
        _ => FieldErrors::default(),
    }
}

/// The messages for a failed post, with a refusal that is not about a
/// field (changed elsewhere, already done) shown against `field`, so the
/// error summary links to the form it concerns.
pub fn problems<T>(outcome: &Option<Result<T, AppError>>, field: &str) -> FieldErrors {
    match outcome {
        Some(Err(AppError::Conflict(message))) => {
            let mut errors = FieldErrors::default();
            errors.push(field, message.clone());
            errors
        }
        other => messages_for(other, field),
    }
}

/// Sets this page's HTTP status (server only; nothing in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code)) {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// What the page tests draw with: a carer with one of everything.
#[cfg(all(test, feature = "ssr"))]
pub(crate) mod samples {
    use crate::domain::account::Role;
    use crate::domain::plan::{Plan, RecordKey};
    use crate::views::accounts::UserView;
    use crate::views::plan::PlanPage;
    use leptos::prelude::*;

    /// A signed-in person with this role.
    pub(crate) fn user(role: Role) -> UserView {
        UserView { id: uuid::Uuid::new_v4(), name: "Morag".into(), email: "morag@example.com".into(), role, shared_device: false }
    }

    /// A carer's plan with a person, an outcome, an action and every section saved.
    #[expect(clippy::expect_used, reason = "a test stops at the first thing that is not as it should be")]
    pub(crate) fn plan_page() -> PlanPage {
        let framework = crate::framework::Framework::shipped("scotland").expect("the Scottish framework ships");
        let record = crate::domain::plan::sample_record;
        let id = uuid::Uuid::new_v4();
        let mut records = vec![
            record(RecordKey::AboutMe, &[("able_willing", "Willing"), ("done", "yes")]),
            record(RecordKey::Person(id), &[("name", "Mum"), ("live_together", "yes"), ("terminal", "yes")]),
            record(RecordKey::Outcome(id), &[("kind", "improve"), ("text", "Sleep")]),
            record(RecordKey::Action(id), &[("text", "Ask"), ("who", "carers-centre"), ("status", "in-progress")]),
            record(RecordKey::Outcomes, &[("done", "no")]),
            record(RecordKey::Emergency, &[("contacts", "Iain")]),
            record(RecordKey::Breaks, &[("would_help", "not-sure")]),
            record(RecordKey::Review, &[("triggers", "Hospital"), ("changed_on", "2027-01-02")]),
        ];
        for (i, area) in framework.areas.iter().enumerate() {
            let skip = if i == 0 { "yes" } else { "no" };
            records.push(record(RecordKey::Area(area.id.clone()), &[("skip", skip), ("rating", "moderate")]));
        }
        PlanPage { user: user(Role::Carer), plan: Plan { records }, framework: framework.into() }
    }

    /// Renders a view to HTML as the server would, with the page-head context
    /// that `Layout`'s title needs.
    pub(crate) fn html(view: impl FnOnce() -> AnyView) -> String {
        let shared = std::sync::Arc::new(hydration_context::SsrSharedContext::new());
        Owner::new_root(Some(shared)).with(|| {
            leptos_meta::provide_meta_context();
            view().to_html()
        })
    }
}
