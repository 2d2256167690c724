//! Create an account, sign in, sign out, set a password from a link.

use super::{Carried, messages_for, on_post, page, posted_form};
use crate::api::accounts::{invitation_is_live, register, set_password, sign_in, sign_out, whoami};
use crate::components::{CheckboxField, ErrorSummary, FormCheck, Layout, TextField};
use crate::domain::account::{AccountForm, FromFields, RegistrationForm, SetPasswordForm, SignInForm};
use crate::error::{AppError, FieldErrors};
use crate::paths;
use crate::views::accounts::UserView;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// A sign-up or sign-in page: someone already signed in, or who has just
/// succeeded, goes to their home; otherwise `render` draws the form with
/// what was typed and the messages to show.
fn account_form_page<F, Fut, R>(act: impl Fn(F) -> Fut + Send + Sync + 'static, render: R) -> impl IntoView
where
    F: FromFields + Default + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<UserView, AppError>> + Send + 'static,
    R: Fn(F, FieldErrors) -> AnyView + Send + Sync + 'static,
{
    let form = posted_form::<F>();
    let typed = form.clone().unwrap_or_default();
    let outcome = on_post(form, act);
    page(
        move || async move {
            // A failed look-up of the session is no reason to refuse the
            // sign-in form itself.
            let me = whoami().await.ok().flatten();
            Ok::<_, AppError>((me, outcome.await))
        },
        move |(me, outcome)| {
            let signed_in = match &outcome {
                Some(Ok(user)) => Some(user.clone()),
                _ => me,
            };
            match signed_in {
                Some(user) => view! { <Redirect path=user.role.home_path() /> }.into_any(),
                None => render(typed.clone(), messages_for(&outcome, "email")),
            }
        },
    )
}

/// "Create an account": a carer registers themselves.
#[component]
pub fn RegisterPage() -> impl IntoView {
    account_form_page(register, |typed: RegistrationForm, errors| {
        view! {
            <Layout title="Create an account".into() user=None light=true>
                <ErrorSummary errors=errors.clone() />
                <h1 class="heading-l">"Create an account"</h1>
                <p class="body">
                    "Your account keeps your support plan private to you until you choose to share it."
                </p>
                <form method="post" action=paths::REGISTER novalidate>
                    <TextField name="name" label="What would you like us to call you?"
                        hint="This can be your first name or a nickname."
                        autocomplete="given-name" value=typed.name errors=errors.clone() />
                    <TextField name="email" label="Email address" kind="email"
                        hint="We will only use this to let you sign in."
                        autocomplete="email" value=typed.email errors=errors.clone() />
                    <TextField name="password" label="Create a password" kind="password"
                        hint="Use 10 or more characters. A few words you will remember works well."
                        autocomplete="new-password" errors=errors />
                    <button type="submit" class="button">"Create account"</button>
                </form>
                <p class="body">"Already have an account? " <a href=paths::SIGN_IN>"Sign in"</a></p>
            </Layout>
        }
        .into_any()
    })
}

/// "Sign in", with "This is a shared computer". A form carried from a page
/// whose session had ended (see [`SignInAgain`]) is carried on if signing
/// in fails, so a mistyped password loses nothing either.
#[component]
pub fn SignInPage() -> impl IntoView {
    let carried = super::submission().and_then(|s| Carried::posted(&|name| s.get(name)));
    account_form_page(sign_in, move |typed: SignInForm, errors| {
        let notice = carried.is_some().then(|| KEEP_ANSWERS.to_owned());
        view! { <SignInView typed=typed errors=errors carried=carried.clone() notice=notice /> }.into_any()
    })
}

/// What the sign-in page says about a form it carries.
const KEEP_ANSWERS: &str = "Sign in and your answers will be saved.";

/// The sign-in page in answer to a form posted by someone whose session
/// had ended (or who was never signed in): it says why, and carries what
/// they sent in hidden fields, never kept on the server. Signing in sends
/// it on to its page as if it had just been posted there (see the server's
/// `form_post`). `carried` is none only when the form was too long to
/// carry, which no page of CarerSpace sends.
#[component]
pub fn SignInAgain(
    /// The form, and the page it was sent to.
    carried: Option<Carried>,
    /// Why they are not signed in, in words.
    why: String,
) -> impl IntoView {
    let notice = match &carried {
        Some(_) => format!("{why} {KEEP_ANSWERS}"),
        None => format!("{why} What you sent was too long to keep: sign in, then send it again."),
    };
    view! { <SignInView typed=SignInForm::default() errors=FieldErrors::default() carried=carried notice=Some(notice) /> }
}

/// The sign-in form, with what was typed, the messages to show, and a form
/// carried through it with a notice saying so.
#[component]
fn SignInView(typed: SignInForm, errors: FieldErrors, carried: Option<Carried>, notice: Option<String>) -> impl IntoView {
    let not_you = carried.is_some();
    view! {
        <Layout title="Sign in".into() user=None light=true>
            <ErrorSummary errors=errors.clone() />
            <h1 class="heading-l">"Sign in"</h1>
            {notice.map(|notice| view! {
                <div class="notification notification--warning" id="signed-out">
                    <h2 class="notification__title">"Your answers are not saved yet"</h2>
                    <p class="body">{notice}</p>
                </div>
            })}
            <form method="post" action=paths::SIGN_IN novalidate>
                {carried.map(|c| view! {
                    <input type="hidden" name=Carried::PATH value=c.path />
                    <input type="hidden" name=Carried::FORM value=c.form />
                    {c.owner.map(|owner| view! { <input type="hidden" name=Carried::OWNER value=owner /> })}
                })}
                <TextField name="email" label="Email address" kind="email"
                    autocomplete="email" value=typed.email errors=errors.clone() />
                <TextField name="password" label="Password" kind="password"
                    autocomplete="current-password" errors=errors />
                <CheckboxField name="shared_device" label="This is a shared computer"
                    hint="Tick this if other people use this device. We will not keep anything you type on it."
                    checked=typed.shared_device />
                <button type="submit" class="button">"Sign in"</button>
            </form>
            {not_you.then(|| view! {
                <p class="body">
                    "Not the person who was signed in? "
                    <a href=paths::SIGN_IN>"Sign in without these answers"</a>
                </p>
            })}
            <p class="body">"New to CarerSpace? " <a href=paths::REGISTER>"Create an account"</a></p>
        </Layout>
    }
}

/// "Sign out": a button on GET (so a link can never sign someone out), the
/// sign-out itself on POST.
#[component]
pub fn SignOutPage() -> impl IntoView {
    let outcome = on_post(super::submission(), |_| sign_out());
    page(
        move || async move {
            let outcome = outcome.await;
            let me = whoami().await.ok().flatten();
            Ok::<_, AppError>((me, outcome))
        },
        |(me, outcome)| {
            if let Some(Ok(())) = outcome {
                return view! { <Redirect path=paths::SIGNED_OUT /> }.into_any();
            }
            view! {
                <Layout title="Sign out".into() user=me>
                    <h1 class="heading-l">"Sign out"</h1>
                    <form method="post" action=paths::SIGN_OUT>
                        <button type="submit" class="button">"Sign out"</button>
                    </form>
                </Layout>
            }
            .into_any()
        },
    )
}

/// Confirmation after signing out.
#[component]
pub fn SignedOutPage() -> impl IntoView {
    view! {
        <Layout title="You have signed out".into() user=None light=true>
            <h1 class="heading-l">"You have signed out"</h1>
            <p class="body">"Nothing from your visit has been kept on this device."</p>
            <p class="body"><a href=paths::SIGN_IN>"Sign in again"</a></p>
        </Layout>
    }
}

/// A new staff member (or the first manager) sets their password from the
/// one-time link a manager gave them.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let form = posted_form::<SetPasswordForm>();
    let page_token = form.as_ref().map(|f| f.token.clone()).unwrap_or(token);
    let live = Resource::new_blocking(
        {
            let t = page_token.clone();
            move || t.clone()
        },
        invitation_is_live,
    );
    let outcome = on_post(form, set_password);
    page(
        move || async move {
            let outcome = outcome.await;
            // Only an ordinary visit asks whether the link still works; a
            // post answers for itself.
            let live = outcome.is_some() || live.await.unwrap_or(false);
            Ok::<_, AppError>((outcome, live))
        },
        move |(outcome, live)| {
            if let Some(Ok(user)) = &outcome {
                return view! { <Redirect path=user.role.home_path() /> }.into_any();
            }
            if !live {
                return view! {
                    <Layout title="This link has expired".into() user=None light=true>
                        <h1 class="heading-l">"This link has expired"</h1>
                        <p class="body">
                            "The link to set your password has already been used or is too old. "
                            "Ask your manager to create a new one."
                        </p>
                    </Layout>
                }
                .into_any();
            }
            let errors = messages_for(&outcome, "password");
            let token = page_token.clone();
            view! {
                <Layout title="Set your password".into() user=None>
                    <FormCheck form=AccountForm::SetPassword>
                        <ErrorSummary errors=errors.clone() />
                        <h1 class="heading-l">"Set your password"</h1>
                        <form method="post" action=paths::SET_PASSWORD novalidate>
                            <input type="hidden" name="token" value=token />
                            <TextField name="password" label="Create a password" kind="password"
                                hint="Use 10 or more characters. A few words you will remember works well."
                                autocomplete="new-password" errors=errors />
                            <button type="submit" class="button">"Set password and sign in"</button>
                        </form>
                    </FormCheck>
                </Layout>
            }
            .into_any()
        },
    )
}
