//! "My circumstances have changed": asks for a review now.

use crate::api::plan::{my_plan, review_now};
use crate::components::{ErrorSummary, Layout};
use crate::domain::calendar::written_date;
use crate::error::AppError;
use crate::pages::{messages_for, on_post, page, submission};
use crate::paths;
use leptos::prelude::*;

/// `/plan/changed`: "My circumstances have changed".
#[component]
pub fn CircumstancesChangedPage() -> impl IntoView {
    let outcome = on_post(submission(), |_| review_now());
    page(
        move || async move { Ok::<_, AppError>((my_plan().await?, outcome.await)) },
        |(page, outcome)| {
            match outcome {
            Some(Ok(day)) => view! {
                <Layout title="We have asked for a review".into() user=Some(page.user)>
                    <div class="panel">
                        <h1 class="heading-l">"We have asked for a review"</h1>
                        <p class="body">{format!("Recorded on {}", written_date(&day))}</p>
                    </div>
                    <h2 class="heading-m">"What happens next"</h2>
                    <p class="body">"When your plan is with a carer support worker, they will see that your circumstances have changed and look at your plan again with you."</p>
                    <p class="body">"You can update any part of your plan now."</p>
                    <p class="body"><a href=paths::HOME>"Back to your plan"</a></p>
                </Layout>
            }
            .into_any(),
            other => {
                let errors = messages_for(&other, "changed");
                view! {
                    <Layout title="My circumstances have changed".into() user=Some(page.user)>
                        <a href=paths::HOME class="back-link">"Back to your plan"</a>
                        <ErrorSummary errors=errors />
                        <h1 class="heading-l">"My circumstances have changed"</h1>
                        <p class="body">"If something important has changed, like your health, your work, or the needs of the person you care for, you can ask for your plan to be looked at again now."</p>
                        <form method="post" action=paths::CHANGED>
                            <button type="submit" class="button" id="changed">"Ask for a review now"</button>
                        </form>
                    </Layout>
                }
                .into_any()
            }
        }
        },
    )
}
