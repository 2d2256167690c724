//! The start page for visitors and the home page for carers.

use crate::api::accounts::whoami;
use crate::api::plan::{PlanPage, my_plan};
use crate::pages::plan::TaskList;
use crate::components::{Layout, Refused};
use crate::domain::account::Role;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/`: a start page for visitors, a greeting for carers; staff go to theirs.
#[component]
pub fn HomePage() -> impl IntoView {
    let me = Resource::new_blocking(|| (), |_| whoami());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(None) => view! { <StartPage /> }.into_any(),
                    Ok(Some(user)) if user.role == Role::Carer => match my_plan().await {
                        Ok(page) => view! { <CarerHome page=page /> }.into_any(),
                        Err(error) => view! { <Refused error=error user=Some(user) /> }.into_any(),
                    },
                    Ok(Some(user)) => view! { <Redirect path=user.role.home_path() /> }.into_any(),
                    Err(error) => view! { <Refused error=error user=None /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StartPage() -> impl IntoView {
    view! {
        <Layout title="Plan the support you need as a carer".into() user=None>
            <h1 class="heading-xl">"Plan the support you need as a carer"</h1>
            <p class="body-l">
                "If you look after someone without being paid for it, CarerSpace helps you think about "
                "how caring affects your life and what would help."
            </p>
            <p class="body">"You can:"</p>
            <ul class="list list--bullet">
                <li>"write down your situation in your own words, at your own pace"</li>
                <li>"come back to it as often as you like – nothing you type is lost"</li>
                <li>"choose who can see it, and change your mind at any time"</li>
                <li>"talk to a carer support worker when you are ready"</li>
            </ul>
            <div class="button-group">
                <a href="/register" class="button button--start" role="button" draggable="false">"Create an account"</a>
                <a href="/sign-in" class="link">"Sign in"</a>
            </div>
        </Layout>
    }
}

#[component]
fn CarerHome(page: PlanPage) -> impl IntoView {
    let PlanPage { user, plan, framework } = page;
    let name = user.name.clone();
    let email = user.email.clone();
    let shared = user.shared_device;
    view! {
        <Layout title=format!("Hello, {name}") user=Some(user)>
            <h1 class="heading-xl">{format!("Hello, {name}")}</h1>
            <p class="body-l">"This is your own space. Nothing here is shared with anyone unless you choose to share it."</p>
            <h2 class="heading-m">"What you can do next"</h2>
            <p class="body">
                "Work through your support plan below, in any order and at your own pace. "
                "Everything you type is saved as you go, so you can stop at any time and come back later."
            </p>
            <TaskList plan=plan framework=framework />
            <h2 class="heading-m">"Your account"</h2>
            <dl class="summary-list">
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Email address"</dt>
                    <dd class="summary-list__value">{email}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"This device"</dt>
                    <dd class="summary-list__value">
                        {if shared {
                            "Shared computer: nothing you type is kept on this device"
                        } else {
                            "Your own device"
                        }}
                    </dd>
                </div>
            </dl>
        </Layout>
    }
}
