//! `/delete`: the carer deletes their plan. Never shared: at once, after
//! their password (and, if they choose, their account with it). Shared at
//! some time: they ask, every share is withdrawn at once, and a manager
//! deletes everything by the date shown, unless the law says it must be
//! kept for now, which the carer is told here and on their Sharing page.

use crate::api::deletion::{ask_for_deletion, delete_now, my_deletion};
use crate::components::{Choice, DownloadMyData, ErrorSummary, Layout, Radios, RequestStatus, TextField};
use crate::domain::deletion::DeleteScope;
use crate::error::AppError;
use crate::pages::{on_post, page, problems, submission};
use crate::paths;
use crate::views::deletion::{DeletionPage, MyDeletionRequest};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the carer posted.
#[derive(Debug, Clone)]
enum Posted {
    Now { scope: String, password: String },
    Ask,
}

/// What became of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Done {
    Deleted(String),
    Asked(MyDeletionRequest),
}

fn posted() -> Option<Posted> {
    submission().map(|s| match s.get("intent").as_str() {
        "ask" => Posted::Ask,
        _ => Posted::Now { scope: s.get("scope"), password: s.get("password") },
    })
}

/// `/delete`: delete a plan never shared, or ask for a shared one to be deleted.
#[component]
pub fn DeletePage() -> impl IntoView {
    let typed = posted();
    let outcome = on_post(typed.clone(), |p| async move {
        match p {
            Posted::Now { scope, password } => delete_now(scope, password).await.map(Done::Deleted),
            Posted::Ask => ask_for_deletion().await.map(Done::Asked),
        }
    });
    page(
        move || async move {
            let outcome = outcome.await;
            // Once the account is gone nobody is signed in: the page needs nothing more.
            if let Some(Ok(Done::Deleted(scope))) = &outcome
                && scope == DeleteScope::PlanAndAccount.as_str()
            {
                return Ok::<_, AppError>((None, outcome));
            }
            Ok((Some(my_deletion().await?), outcome))
        },
        move |(found, outcome): (Option<DeletionPage>, _)| {
            let user = found.as_ref().map(|f| f.user.clone());
            match (outcome.clone(), found) {
                (Some(Ok(Done::Deleted(_))), None) => view! {
                    <Layout title="Your plan and your account have been deleted".into() user=None light=true>
                        <div class="panel">
                            <h1 class="heading-l">"Your plan and your account have been deleted"</h1>
                        </div>
                        <p class="body">"Everything you wrote has gone, and you have been signed out on every device. Nothing of it is kept on this device either."</p>
                        <p class="body">"If you want to use CarerSpace again, you can "<a href=paths::REGISTER>"create a new account"</a>"."</p>
                    </Layout>
                }
                .into_any(),
                (Some(Ok(Done::Deleted(_))), Some(_)) => view! {
                    <Layout title="Your plan has been deleted".into() user=user light=true>
                        <div class="panel">
                            <h1 class="heading-l">"Your plan has been deleted"</h1>
                        </div>
                        <p class="body">"Everything you wrote has gone, from our records and from this device. Your account is still here."</p>
                        <p class="body">"You can "<a href=paths::HOME>"start a new plan"</a>" whenever you want."</p>
                    </Layout>
                }
                .into_any(),
                (Some(Ok(Done::Asked(request))), _) => view! {
                    <Layout title="We have your request to delete your plan".into() user=user light=true>
                        <div class="panel">
                            <h1 class="heading-l">"We have your request to delete your plan"</h1>
                            <p class="panel__body">{format!("We will delete it by {}", request.due_on)}</p>
                        </div>
                        <h2 class="heading-m">"What happens next"</h2>
                        <ul class="list list--bullet">
                            <li>"Nobody at the carers' centre can open your plan any more: everything you shared has been withdrawn."</li>
                            <li>{format!("A manager will delete everything we hold about you by {}. You will then be signed out everywhere.", request.due_on)}</li>
                            <li>"If the law says we must keep it for a while (for example, to keep someone safe), we will tell you here and on your Sharing page, with the reason and when we will look at it again."</li>
                        </ul>
                        <p class="body">"You can still "<DownloadMyData text="download all your data" />" until then."</p>
                        <p class="body"><a href=paths::SHARING>"Go to your Sharing page"</a></p>
                    </Layout>
                }
                .into_any(),
                (_, Some(found)) => form(found, &outcome, typed.clone()).into_any(),
                (_, None) => view! { <p class="body">"Something went wrong. Try again."</p> }.into_any(),
            }
        },
    )
}

/// The page before anything is done: what happens, and the one button.
fn form(found: DeletionPage, outcome: &Option<Result<Done, AppError>>, typed: Option<Posted>) -> impl IntoView + use<> {
    let user = Some(found.user.clone());
    if let Some(request) = found.request {
        return view! {
            <Layout title="Deleting your plan".into() user=user>
                <a href=paths::HOME class="back-link">"Back"</a>
                <h1 class="heading-l">"Deleting your plan"</h1>
                {(!request.erasing).then(|| view! {
                    <p class="body">{format!("You asked on {} for your plan to be deleted.", request.asked_on)}</p>
                })}
                <RequestStatus request=request />
                <p class="body"><DownloadMyData text="Download all your data" /></p>
            </Layout>
        }
        .into_any();
    }
    if found.ever_shared {
        let errors = problems(outcome, "delete");
        let due = found.due_if_asked_now.clone();
        return view! {
            <Layout title="Ask for your plan to be deleted".into() user=user>
                <a href=paths::HOME class="back-link">"Back"</a>
                <ErrorSummary errors=errors />
                <h1 class="heading-l" id="delete" tabindex="-1">"Ask for your plan to be deleted"</h1>
                <p class="body">"You have shared your plan with the carers' centre, so a manager there deletes it for you. If you ask now:"</p>
                <ul class="list list--bullet">
                    <li>"everything you share is withdrawn at once: nobody can open your plan any more, and no referral sent with your consent can be opened;"</li>
                    <li>{format!("a manager deletes everything we hold about you by {due}: your account, your plan, what your worker wrote, who saw it and what you shared;")}</li>
                    <li>"if the law says we must keep it for a while (for example, to keep someone safe), we tell you why and when we will look at it again."</li>
                </ul>
                <p class="body">"You may want to "<DownloadMyData text="download all your data" />" first."</p>
                <form method="post" action=paths::DELETE novalidate>
                    <input type="hidden" name="intent" value="ask" />
                    <button type="submit" class="button button--warning">"Ask for my plan to be deleted"</button>
                </form>
            </Layout>
        }
        .into_any();
    }
    let errors = problems(outcome, "scope");
    let chosen = match typed {
        Some(Posted::Now { scope, .. }) => scope,
        _ => String::new(),
    };
    let choices = [DeleteScope::PlanOnly, DeleteScope::PlanAndAccount]
        .into_iter()
        .map(|s| {
            let hint = match s {
                DeleteScope::PlanOnly => "You can start a new plan at any time.",
                DeleteScope::PlanAndAccount => "You will be signed out and will not be able to sign in again.",
            };
            Choice::with_hint(s.as_str(), s.label(), hint)
        })
        .collect::<Vec<_>>();
    view! {
        <Layout title="Delete your plan".into() user=user>
            <a href=paths::HOME class="back-link">"Back"</a>
            <ErrorSummary errors=errors.clone() />
            <h1 class="heading-l">"Delete your plan"</h1>
            <p class="body">"You have not shared your plan with anyone, so you can delete it now. It goes at once and cannot be brought back: not by you, and not by us."</p>
            {(!found.has_plan).then(|| view! { <p class="body">"You have not written anything in your plan yet."</p> })}
            <p class="body">"You may want to "<DownloadMyData text="download all your data" />" first."</p>
            <form method="post" action=paths::DELETE novalidate>
                <input type="hidden" name="intent" value="now" />
                <Radios name="scope" legend="What do you want to delete?".into() choices=choices chosen=chosen errors=errors.clone() />
                <TextField name="password" label="Your password" hint="To check it is you." kind="password"
                    autocomplete="current-password" errors=errors />
                <button type="submit" class="button button--warning">"Delete now"</button>
            </form>
        </Layout>
    }
    .into_any()
}
