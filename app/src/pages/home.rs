//! The start page for visitors, the home page for carers, and the neutral
//! page "Exit this page" leaves behind.

use super::page;
use crate::api::accounts::whoami;
use crate::api::agreement::my_agreement;
use crate::api::plan::my_plan;
use crate::api::sharing::where_plan_stands;
use crate::components::{Layout, TaskList};
use crate::domain::account::Role;
use crate::error::AppError;
use crate::paths;
use crate::views::plan::PlanPage;
use crate::views::sharing::PlanState;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Who the home page is for.
enum Home {
    Visitor,
    Carer(Box<PlanPage>, Box<PlanState>, Option<Notice>),
    Staff(&'static str),
}

/// Something the carer should know about now, at the top of their home page.
#[derive(Debug, Clone)]
struct Notice {
    /// The box's heading.
    title: &'static str,
    /// What it says.
    text: String,
    /// Where to go next, and the link's words.
    link: (&'static str, &'static str),
}

impl Notice {
    /// What the home page says: once the carer asked for deletion, only
    /// that matters (no plan will be signed or reviewed); otherwise what
    /// agreeing the plan needs of them.
    fn for_carer(state: &PlanState, agreement: &crate::views::agreement::CarerAgreement) -> Option<Notice> {
        if let PlanState::Deletion(request) = state {
            // A hold that ended is news the carer waited for: said until the plan is deleted.
            return (request.released_on.is_some() && request.held.is_none() && !request.erasing).then(|| Notice {
                title: "Your request to delete your plan",
                text: crate::components::plan_status::next_for_request(request),
                link: (paths::DELETE, "See what happens next"),
            });
        }
        let to_sign = agreement.state.stage == Some(crate::domain::agreement::Stage::Sent);
        agreement.notice.clone().map(|text| Notice {
            title: "Something needs you",
            text,
            link: if to_sign { (paths::AGREE, "Check and sign your plan") } else { (paths::SUMMARY, "Read your plan") },
        })
    }
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
                    let state = where_plan_stands().await?;
                    let notice = Notice::for_carer(&state, &agreement);
                    Home::Carer(Box::new(my_plan().await?), Box::new(state), notice)
                }
                Some(user) => Home::Staff(user.role.home_path()),
            })
        },
        |home| match home {
            Home::Visitor => view! { <StartPage /> }.into_any(),
            Home::Carer(page, state, notice) => view! { <CarerHome page=*page state=*state notice=notice /> }.into_any(),
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
            <p class="body"><a href=paths::HOME>"Go to the home page"</a></p>
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
                <a href=paths::REGISTER class="button button--start" role="button" draggable="false">"Create an account"</a>
                <a href=paths::SIGN_IN class="link">"Sign in"</a>
            </div>
        </Layout>
    }
}

#[component]
fn CarerHome(
    page: PlanPage,
    state: PlanState,
    /// What the carer should know about now.
    #[prop(default = None)]
    notice: Option<Notice>,
) -> impl IntoView {
    let PlanPage { user, plan, framework } = page;
    let handed_over = !matches!(state, PlanState::Private | PlanState::Withdrawn { .. } | PlanState::Deletion(_));
    // A plan the carer asked us to delete is never shared again.
    let may_share = !matches!(state, PlanState::Deletion(_));
    let status = crate::components::plan_status::plan_state_text(&state);
    let name = user.name.clone();
    let email = user.email.clone();
    let shared = user.shared_device;
    view! {
        <Layout title=format!("Hello, {name}") user=Some(user) light=true>
            <h1 class="heading-xl">{format!("Hello, {name}")}</h1>
            <p class="body-l">"This is your own space. Nothing here is shared with anyone unless you choose to share it."</p>
            {notice.map(|Notice { title, text, link: (href, words) }| view! {
                <div class="notification" role="region" aria-labelledby="notice-title">
                    <h2 class="notification__title" id="notice-title">{title}</h2>
                    <p class="body">{text}</p>
                    <p class="body"><a href=href>{words}</a></p>
                </div>
            })}
            <div class="inset" id="plan-state">
                <p class="body">{status}</p>
                {if handed_over {
                    view! { <p class="body"><a href=paths::SHARING>"See what you share and who has seen your plan"</a></p> }.into_any()
                } else {
                    view! {
                        {may_share.then(|| view! { <p class="body"><a href=paths::READY_SECTIONS>"I'm ready to talk to someone"</a></p> })}
                        <p class="body"><a href=paths::SHARING>"Sharing and who has seen your plan"</a></p>
                    }.into_any()
                }}
            </div>
            <h2 class="heading-m">"What you can do next"</h2>
            <p class="body">
                "Work through your support plan below, in any order and at your own pace. "
                "Everything you type is saved as you go, so you can stop at any time and come back later."
            </p>
            <TaskList plan=plan framework=framework may_share=may_share />
            <h2 class="heading-m">"Your account"</h2>
            <p class="body">
                <crate::components::DownloadMyData text="Download all your data" />
                " (a file with everything we hold about you, which other programs can read). To keep a copy you can read, print "
                <a href=paths::SUMMARY>"your plan"</a>"."
            </p>
            <p class="body">
                <a href=paths::DELETE>"Delete your plan"</a>
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
    use crate::domain::agreement::Stage;
    use crate::pages::samples::{html, plan_page, user};
    use crate::paths::tests::{local_links, resolves, route_table};
    use crate::views::agreement::CarerAgreement;

    #[tokio::test]
    async fn every_link_on_the_home_and_refusal_pages_has_a_route() {
        let table = route_table();
        let pages = [
            ("start", html(|| view! { <StartPage /> }.into_any())),
            ("carer's home", html(|| view! { <CarerHome page=plan_page() state=PlanState::Private /> }.into_any())),
            (
                "carer's home with a plan to sign",
                html(|| {
                    view! { <CarerHome page=plan_page() state=PlanState::Private notice=Notice::for_carer(&PlanState::Private, &agreement(Some(Stage::Sent))) /> }.into_any()
                }),
            ),
            (
                "carer's home with a review due",
                html(|| {
                    view! { <CarerHome page=plan_page() state=PlanState::Private notice=Notice::for_carer(&PlanState::Private, &agreement(Some(Stage::Agreed))) /> }.into_any()
                }),
            ),
            (
                "carer's home once a hold on deleting their plan ended",
                html(|| {
                    let state = PlanState::Deletion(asked(Some("Friday 30 October 2026")));
                    view! { <CarerHome page=plan_page() state=state.clone() notice=Notice::for_carer(&state, &agreement(None)) /> }
                        .into_any()
                }),
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

    fn agreement(stage: Option<Stage>) -> CarerAgreement {
        CarerAgreement {
            state: crate::views::agreement::AgreementState { stage, ..Default::default() },
            worker: Some("Wendy".into()),
            agreed: Vec::new(),
            notice: stage.map(|_| "Your plan is ready for you to check and sign.".into()),
        }
    }

    fn asked(released_on: Option<&str>) -> crate::views::deletion::MyDeletionRequest {
        crate::views::deletion::MyDeletionRequest {
            requested_at: "Monday 21 September 2026 at 3:13pm".into(),
            asked_on: "Monday 21 September 2026".into(),
            due_on: "Friday 13 November 2026".into(),
            held: None,
            released_on: released_on.map(str::to_owned),
            erasing: false,
        }
    }

    #[test]
    fn the_home_page_says_when_a_hold_on_deleting_the_plan_has_ended_and_nothing_about_signing() {
        let released = PlanState::Deletion(asked(Some("Friday 30 October 2026")));
        let notice = Notice::for_carer(&released, &agreement(Some(Stage::Agreed))).expect("the carer is told");
        assert_eq!(notice.title, "Your request to delete your plan");
        assert_eq!(
            notice.text,
            "We had to keep your plan for a while, for a legal reason. That ended on Friday 30 October 2026, so we will delete everything we hold about you by Friday 13 November 2026."
        );
        assert_eq!(notice.link.0, paths::DELETE);
        // Asked and never held, or held now: nothing new to tell, and no review or signing either.
        assert!(Notice::for_carer(&PlanState::Deletion(asked(None)), &agreement(Some(Stage::Sent))).is_none());
        let held = crate::views::deletion::MyDeletionRequest {
            held: Some(crate::views::deletion::CarerHold { why: "A concern".into(), review_on: "Monday 1 March 2027".into() }),
            ..asked(None)
        };
        assert!(Notice::for_carer(&PlanState::Deletion(held), &agreement(None)).is_none());
        let home = html(move || {
            let notice = Notice::for_carer(&released, &agreement(None));
            view! { <CarerHome page=plan_page() state=released.clone() notice=notice /> }.into_any()
        });
        assert_eq!(home.matches("That ended on Friday 30 October 2026").count(), 1, "{home}");
        let state = home.split("id=\"plan-state\"").nth(1).and_then(|s| s.split("</div>").next()).expect("where the plan stands");
        assert!(state.contains("You asked on Monday 21 September 2026 for your plan to be deleted."), "{state}");
        assert!(
            !home.contains("ready to talk to someone"),
            "a plan asked to be deleted is not offered for sharing, anywhere on the page: {home}"
        );
        assert!(!home.contains("withdrew"), "{home}");
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
