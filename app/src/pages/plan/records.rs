//! Adding and removing the records a carer can have many of: people cared
//! for, outcomes and actions.

use crate::api::plan::{my_plan, remove_record};
use crate::components::Layout;
use crate::components::params::{param, uuid_param};
use crate::error::AppError;
use crate::pages::{on_post, page, submission};
use crate::paths::{self, Repeated};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/plan/:kind/new`: starts a new person, outcome or action with a fresh id.
#[component]
pub fn NewRecordPage() -> impl IntoView {
    let target = match Repeated::parse(&param("kind")) {
        Some(kind) => paths::record(&kind.key(uuid::Uuid::new_v4())),
        None => paths::HOME.to_owned(),
    };
    view! { <Redirect path=target /> }
}

/// `/plan/remove/:kind/:id`: confirm removing a person, outcome or action.
#[component]
pub fn RemovePage() -> impl IntoView {
    let target = Repeated::parse(&param("kind")).zip(uuid_param("id"));
    let posted = submission().map(|s| s.plan_answers().0);
    let outcome = on_post(posted, move |version| {
        let key = target.map(|(kind, id)| kind.key(id).to_string()).unwrap_or_default();
        remove_record(key, version)
    });
    page(
        move || async move { Ok::<_, AppError>((my_plan().await?, outcome.await)) },
        move |(page, outcome)| {
            let back = match target {
                Some((Repeated::Person, _)) => paths::ABOUT_ME,
                _ => paths::OUTCOMES,
            };
            if let Some(Ok(true)) = outcome {
                return view! { <Redirect path=back /> }.into_any();
            }
            let Some((kind, id, record)) = target.and_then(|(kind, id)| Some((kind, id, page.plan.record(&kind.key(id))?.clone()))) else {
                return view! { <Redirect path=back /> }.into_any();
            };
            let changed = matches!(outcome, Some(Ok(false)));
            let what = match kind {
                Repeated::Person => record.get("name").to_owned(),
                Repeated::Outcome | Repeated::Action => record.get("text").to_owned(),
            };
            view! {
                <Layout title="Are you sure you want to remove this?".into() user=Some(page.user)>
                    <a href=back class="back-link">"Back"</a>
                    {changed.then(|| view! {
                        <div class="notification notification--warning" role="alert">
                            <p class="body">"This was changed somewhere else after you opened this page. Check it is still the one you want to remove."</p>
                        </div>
                    })}
                    <h1 class="heading-l">"Are you sure you want to remove this?"</h1>
                    <div class="inset">{what}</div>
                    <form method="post" action=paths::remove(kind, id)>
                        <input type="hidden" name="__version" value=record.version.to_string() />
                        <div class="button-group">
                            <button type="submit" class="button button--warning">"Yes, remove it"</button>
                            <a href=back class="link">"No, keep it"</a>
                        </div>
                    </form>
                </Layout>
            }
            .into_any()
        },
    )
}
