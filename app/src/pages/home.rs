//! The start page for visitors, the home page for carers, and the neutral
//! page "Exit this page" leaves behind.

use super::page;
use crate::api::accounts::whoami;
use crate::api::plan::{PlanPage, my_plan};
use crate::api::agreement::my_agreement;
use crate::api::sharing::{PlanState, where_plan_stands};
use crate::components::{Layout, TaskList};
use crate::domain::account::Role;
use crate::error::AppError;
use crate::routes;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Who the home page is for.
enum Home {
    Visitor,
    Carer(Box<PlanPage>, PlanState, Option<(String, bool)>),
    Staff(&'static str),
}

/// `/`: a start page for visitors, a greeting for carers; staff go to theirs.
#[component]
pub fn HomePage() -> impl IntoView {
    page(
        || async {
            Ok::<_, AppError>(match whoami().await? {
                None => Home::Visitor,
                Some(user) if user.role == Role::Carer => {
                    let agreement = my_agreement().await?;
                    let to_sign = agreement.state.stage == Some(crate::domain::agreement::Stage::Sent);
                    Home::Carer(Box::new(my_plan().await?), where_plan_stands().await?, agreement.notice.map(|n| (n, to_sign)))
                }
                Some(user) => Home::Staff(user.role.home_path()),
            })
        },
        |home| match home {
            Home::Visitor => view! { <StartPage /> }.into_any(),
            Home::Carer(page, state, notice) => view! { <CarerHome page=*page state=state notice=notice /> }.into_any(),
            Home::Staff(path) => view! { <Redirect path=path /> }.into_any(),
        },
    )
}

/// `/left`: what Back shows after "Exit this page". It says nothing about
/// the carer or their plan, whoever is signed in.
#[component]
pub fn LeftPage() -> impl IntoView {
    view! {
        <Layout title="This page has been closed".into() user=None light=true>
            <h1 class="heading-l">"This page has been closed"</h1>
            <p class="body"><a href=routes::HOME>"Go to the home page"</a></p>
        </Layout>
    }
}

#[component]
fn StartPage() -> impl IntoView {
    view! {
        <Layout title="Plan the support you need as a carer".into() user=None light=true>
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
                <a href=routes::REGISTER class="button button--start" role="button" draggable="false">"Create an account"</a>
                <a href=routes::SIGN_IN class="link">"Sign in"</a>
            </div>
        </Layout>
    }
}

#[component]
fn CarerHome(
    page: PlanPage,
    state: PlanState,
    /// What needs the carer now, and whether it is a plan to sign.
    #[prop(default = None)]
    notice: Option<(String, bool)>,
) -> impl IntoView {
    let PlanPage { user, plan, framework } = page;
    let handed_over = !matches!(state, PlanState::Private | PlanState::Withdrawn { .. });
    let status = crate::pages::sharing::plan_state_text(&state);
    let name = user.name.clone();
    let email = user.email.clone();
    let shared = user.shared_device;
    view! {
        <Layout title=format!("Hello, {name}") user=Some(user) light=true>
            <h1 class="heading-xl">{format!("Hello, {name}")}</h1>
            <p class="body-l">"This is your own space. Nothing here is shared with anyone unless you choose to share it."</p>
            {notice.map(|(notice, to_sign)| view! {
                <div class="notification" role="region" aria-labelledby="notice-title">
                    <h2 class="notification__title" id="notice-title">"Something needs you"</h2>
                    <p class="body">{notice}</p>
                    <p class="body">{if to_sign {
                        view! { <a href=routes::AGREE>"Check and sign your plan"</a> }.into_any()
                    } else {
                        view! { <a href=routes::SUMMARY>"Read your plan"</a> }.into_any()
                    }}</p>
                </div>
            })}
            <div class="inset" id="plan-state">
                <p class="body">{status}</p>
                {if handed_over {
                    view! { <p class="body"><a href=routes::SHARING>"See what you share and who has seen your plan"</a></p> }.into_any()
                } else {
                    view! {
                        <p class="body"><a href=routes::READY_SECTIONS>"I'm ready to talk to someone"</a></p>
                        <p class="body"><a href=routes::SHARING>"Sharing and who has seen your plan"</a></p>
                    }.into_any()
                }}
            </div>
            <h2 class="heading-m">"What you can do next"</h2>
            <p class="body">
                "Work through your support plan below, in any order and at your own pace. "
                "Everything you type is saved as you go, so you can stop at any time and come back later."
            </p>
            <TaskList plan=plan framework=framework />
            <h2 class="heading-m">"Your account"</h2>
            <p class="body">
                <crate::components::DownloadMyData text="Download all your data" />
                " (a file with everything we hold about you, which other programs can read). To keep a copy you can read, print "
                <a href=routes::SUMMARY>"your plan"</a>"."
            </p>
            <p class="body">
                <a href=routes::DELETE>"Delete your plan"</a>
                " (we tell you what happens before anything is deleted)."
            </p>
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::components::{NotFoundContent, Refused};
    use crate::pages::samples::{html, plan_page, user};
    use crate::routes::tests::{local_links, resolves, route_table};

    #[tokio::test]
    async fn every_link_on_the_home_and_refusal_pages_has_a_route() {
        let table = route_table();
        let pages = [
            ("start", html(|| view! { <StartPage /> }.into_any())),
            ("carer's home", html(|| view! { <CarerHome page=plan_page() state=PlanState::Private /> }.into_any())),
            (
                "carer's home with a plan to sign",
                html(|| view! { <CarerHome page=plan_page() state=PlanState::Private notice=Some(("Sign".into(), true)) /> }.into_any()),
            ),
            (
                "carer's home with a review due",
                html(|| view! { <CarerHome page=plan_page() state=PlanState::Private notice=Some(("Review".into(), false)) /> }.into_any()),
            ),
            ("left", html(|| view! { <LeftPage /> }.into_any())),
            ("not found", html(|| view! { <NotFoundContent user=Some(user(Role::Worker)) /> }.into_any())),
            ("forbidden", html(|| view! { <Refused error=AppError::Forbidden user=Some(user(Role::Manager)) /> }.into_any())),
        ];
        for (name, page) in pages {
            let links = local_links(&page);
            assert!(!links.is_empty(), "{name} has no links");
            for link in links {
                assert!(resolves(&table, &link), "{name} links to {link}, which has no route");
            }
        }
    }

    #[test]
    fn the_page_left_behind_by_exit_this_page_names_no_one() {
        let left = html(|| view! { <LeftPage /> }.into_any());
        assert!(!left.contains("Morag") && !left.contains("Sign out"), "{left}");
        let home = html(|| view! { <CarerHome page=plan_page() state=PlanState::Private /> }.into_any());
        assert!(home.contains("Morag") && home.contains("Sign out"), "the check above can fail: {home}");
    }

    #[test]
    fn page_not_found_leads_a_signed_in_person_to_their_own_home() {
        let page = html(|| view! { <NotFoundContent user=Some(user(Role::Worker)) /> }.into_any());
        assert!(page.contains("Sign out"), "{page}");
        assert!(page.contains("href=\"/worker\">Go to the CarerSpace home page"), "{page}");
    }
}
