//! The frame around every page: skip link, header with the service name and
//! sign-out, the quick exit for carers, and the main content.

use crate::domain::account::Role;
use crate::error::AppError;
use crate::paths;
use crate::views::accounts::UserView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The page frame. `title` becomes the browser tab title and should match
/// the page's heading.
#[component]
pub fn Layout(
    /// The page's title, as in its `<h1>`.
    title: String,
    /// Who is signed in, if anyone.
    user: Option<UserView>,
    /// A page with no island: nothing on it autosaves or checks itself as
    /// it is typed (the home pages, the summary, signing in). It loads no
    /// WebAssembly, so it is quick on a weak signal. The session note is
    /// still shown; the live idle warning is left out, as no typing can be
    /// lost on such a page.
    #[prop(optional)]
    light: bool,
    /// The page content.
    children: Children,
) -> impl IntoView {
    let carer_or_visitor = user.as_ref().is_none_or(|u| u.role == Role::Carer);
    let signed_in = user.is_some();
    let home = home_of(user.as_ref());
    view! {
        <Title text=format!("{title} – CarerSpace") />
        {(!light).then(|| view! { <super::wake::Wake /> })}
        <a href="#main-content" class="skip-link">"Skip to main content"</a>
        <header class="header">
            <div class="header__inner">
                <a href=home class="header__service">"CarerSpace"</a>
                {user.map(|u| view! {
                    <form class="header__account" method="post" action=paths::SIGN_OUT>
                        <span class="header__name">{u.name}</span>
                        <button type="submit" class="link-button">"Sign out"</button>
                    </form>
                })}
            </div>
        </header>
        // Sticky, so it is in reach however far down a long form the carer is.
        {carer_or_visitor.then(|| view! { <div class="exit-bar"><super::ExitThisPage /></div> })}
        <main class="main" id="main-content" tabindex="-1">
            {children()}
            {signed_in.then(|| view! { <super::IdleWarning live=!light exit=carer_or_visitor /> })}
        </main>
        <footer class="footer">
            <p>"CarerSpace helps unpaid carers plan the support they need."</p>
        </footer>
    }
}

/// What a page shows when the request was refused: signs people in when they
/// need to, otherwise says plainly what happened.
#[component]
pub fn Refused(
    /// Why the request was refused.
    error: AppError,
    /// Who is signed in, if anyone.
    user: Option<UserView>,
) -> impl IntoView {
    // A refusal that closes a door: what happened, and the way home.
    let (title, text) = match error {
        AppError::Unauthorized | AppError::AccountClosed => return view! { <Redirect path=paths::SIGN_IN /> }.into_any(),
        AppError::NotFound => return view! { <NotFoundContent user=user /> }.into_any(),
        AppError::Forbidden => ("You cannot see this page", "Your account does not give you access to this page."),
        AppError::ConsentWithdrawn => ("The carer has withdrawn consent", "You can no longer see any part of this carer's plan."),
        AppError::PlanMoved => (
            "This plan has been moved",
            "This plan is no longer allocated to you: a manager has moved it. You can no longer see or change it.",
        ),
        AppError::PlanDeleted => {
            ("The carer has asked for their plan to be deleted", "You can no longer see any part of this carer's plan.")
        }
        other => {
            return view! {
                <Layout title="Sorry, there is a problem".into() user=user light=true>
                    <h1 class="heading-l">"Sorry, there is a problem with the service"</h1>
                    <p class="body">{other.to_string()}</p>
                    <p class="body">"Nothing you entered before this page has been lost."</p>
                </Layout>
            }
            .into_any();
        }
    };
    let home = home_of(user.as_ref());
    view! {
        <Layout title=title.into() user=user light=true>
            <h1 class="heading-l">{title}</h1>
            <p class="body">{text}</p>
            <p class="body"><a href=home>"Go to your home page"</a></p>
        </Layout>
    }
    .into_any()
}

/// The body of "Page not found".
#[component]
pub fn NotFoundContent(
    /// Who is signed in, if anyone, so the link goes to their home page.
    user: Option<UserView>,
) -> impl IntoView {
    let home = home_of(user.as_ref());
    view! {
        <Layout title="Page not found".into() user=user light=true>
            <h1 class="heading-l">"Page not found"</h1>
            <p class="body">"If you typed the web address, check it is correct."</p>
            <p class="body"><a href=home>"Go to the CarerSpace home page"</a></p>
        </Layout>
    }
}

/// The home page of whoever is signed in (the start page for visitors).
fn home_of(user: Option<&UserView>) -> &'static str {
    user.map_or(paths::HOME, |u| u.role.home_path())
}

/// The link that downloads everything held about the signed-in carer, as
/// a file with a name they will recognise.
#[component]
pub fn DownloadMyData(
    /// The link's words.
    text: &'static str,
) -> impl IntoView {
    view! { <a href=paths::MY_DATA download="my-carerspace-data.json">{text}</a> }
}
