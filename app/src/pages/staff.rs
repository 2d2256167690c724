//! Pages for the carers' centre's staff: the worker home and the manager's
//! staff accounts.

use super::{messages_for, on_post, page, posted_form, set_status};
use crate::api::accounts::{StaffInvitation, create_staff, list_staff, whoami, worker_home};
use crate::components::{ErrorSummary, FormCheck, Layout, NotFoundContent, TextField};
use crate::components::fields::FieldMessage;
use crate::domain::account::{AccountForm, NewStaffForm, Role, UserView};
use crate::error::{AppError, FieldErrors};
use crate::routes;
use leptos::prelude::*;

/// `/worker`: the worker's home, with the hand-off queue.
#[component]
pub fn WorkerHomePage() -> impl IntoView {
    page(worker_home, |user| {
        let name = user.name.clone();
        let manager = user.role == Role::Manager;
        view! {
            <Layout title="Plans waiting for a worker".into() user=Some(user)>
                <span class="caption">{format!("Signed in as {name}")}</span>
                <h1 class="heading-l">"Plans waiting for a worker"</h1>
                <p class="body">"When a carer says they are ready to talk to someone, their plan appears here, most urgent first."</p>
                <div class="inset">"No carer has handed over a plan yet."</div>
                {manager.then(|| view! { <p class="body"><a href=routes::MANAGER>"Manage staff accounts"</a></p> })}
            </Layout>
        }
    })
}

/// `/manager`: staff accounts, and a form to add one.
#[component]
pub fn ManagerPage() -> impl IntoView {
    let form = posted_form::<NewStaffForm>();
    let typed = form.clone().unwrap_or_default();
    let outcome = on_post(form, create_staff);
    page(
        move || async move {
            let me = whoami().await?;
            let outcome = outcome.await;
            // Listed after any new account is made, so it is in the list.
            let staff = list_staff().await?;
            Ok::<_, AppError>((me, outcome, staff))
        },
        move |(me, outcome, staff)| {
            let created = match &outcome {
                Some(Ok(invitation)) => Some(invitation.clone()),
                _ => None,
            };
            let errors = messages_for(&outcome, "name");
            let typed = if created.is_some() { NewStaffForm::default() } else { typed.clone() };
            view! {
                <Layout title="Staff accounts".into() user=me>
                    {created.map(|c| view! { <Created invitation=c /> })}
                    <FormCheck form=AccountForm::NewStaff>
                        <ErrorSummary errors=errors.clone() />
                        <h1 class="heading-l">"Staff accounts"</h1>
                        <StaffTable staff=staff />
                        <h2 class="heading-m">"Add a staff account"</h2>
                        <form method="post" action=routes::MANAGER novalidate>
                            <TextField name="name" label="Full name" autocomplete="off"
                                value=typed.name errors=errors.clone() />
                            <TextField name="email" label="Work email address" kind="email"
                                autocomplete="off" value=typed.email errors=errors.clone() />
                            <RoleChoice chosen=typed.role errors=errors />
                            <button type="submit" class="button">"Create account"</button>
                        </form>
                        <p class="body"><a href=routes::WORKER>"Go to plans waiting for a worker"</a></p>
                    </FormCheck>
                </Layout>
            }
        },
    )
}

#[component]
fn Created(invitation: StaffInvitation) -> impl IntoView {
    view! {
        <div class="notification notification--success" role="region" aria-labelledby="created-title">
            <h2 class="notification__title" id="created-title">"Account created"</h2>
            <p class="body">
                {format!("Give {} this link to set their password. It works once, for 7 days:", invitation.user.name)}
            </p>
            <p class="body"><code class="one-time-link">{invitation.link}</code></p>
        </div>
    }
}

#[component]
fn StaffTable(staff: Vec<UserView>) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="visually-hidden">"Staff accounts"</caption>
            <thead>
                <tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Role"</th></tr>
            </thead>
            <tbody>
                {staff
                    .into_iter()
                    .map(|u| view! {
                        <tr>
                            <td>{u.name}</td>
                            <td>{u.email}</td>
                            <td>{if u.role == Role::Manager { "Manager" } else { "Worker" }}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn RoleChoice(chosen: String, errors: FieldErrors) -> impl IntoView {
    let message = errors.get("role").map(str::to_owned);
    let invalid = message.is_some();
    view! {
        <div class="form-group" class:form-group--error=invalid id="role-group">
            <fieldset class="fieldset" aria-describedby="role-error">
                <legend class="label">"Role"</legend>
                <FieldMessage name="role" message=message />
                <div class="radios">
                    <div class="radio">
                        <input class="radio__input" id="role" name="role" type="radio" value="worker"
                            checked=chosen == "worker" />
                        <label class="label radio__label" for="role">"Carer support worker"</label>
                    </div>
                    <div class="radio">
                        <input class="radio__input" id="role-manager" name="role" type="radio" value="manager"
                            checked=chosen == "manager" />
                        <label class="label radio__label" for="role-manager">"Manager"</label>
                    </div>
                </div>
            </fieldset>
        </div>
    }
}

/// Any address that is not a page. The header still shows who is signed in.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    page(whoami, |user| {
        set_status(404);
        view! { <NotFoundContent user=user /> }
    })
}
