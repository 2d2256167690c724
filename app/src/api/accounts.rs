//! Accounts: register, sign in and out, who am I, staff accounts.

use crate::domain::account::{NewStaffForm, RegistrationForm, SetPasswordForm, SignInForm};
use crate::error::AppError;
use crate::views::accounts::StaffInvitation;
use crate::views::accounts::{StaffMember, UserView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::context::{self, fail};
#[cfg(feature = "ssr")]
use crate::services::accounts as service;

/// Registers a carer and signs them in.
#[server(endpoint = "/register", input = Json)]
pub async fn register(
    /// What the carer typed on the registration page.
    form: RegistrationForm,
) -> Result<UserView, AppError> {
    let state = context::state()?;
    let client = context::client_address(&state);
    let signed_in = service::register(&state, &form, &client).await.map_err(fail)?;
    context::start_browser_session(&state, &signed_in).await;
    Ok(signed_in.user)
}

/// Signs someone in.
#[server(endpoint = "/sign-in", input = Json)]
pub async fn sign_in(
    /// What was typed on the sign-in page.
    form: SignInForm,
) -> Result<UserView, AppError> {
    let state = context::state()?;
    let client = context::client_address(&state);
    let signed_in = service::sign_in(&state, &form, &client).await.map_err(fail)?;
    context::start_browser_session(&state, &signed_in).await;
    Ok(signed_in.user)
}

/// Ends this browser's session and clears what the site kept on the device.
#[server(endpoint = "/sign-out", input = Json)]
pub async fn sign_out() -> Result<(), AppError> {
    let state = context::state()?;
    if let Some(token) = context::presented_token(&state) {
        service::sign_out(&state, &token).await.map_err(fail)?;
    }
    context::clear_browser(&state);
    Ok(())
}

/// The signed-in person, or nothing.
#[server(endpoint = "/whoami", input = Json)]
pub async fn whoami() -> Result<Option<UserView>, AppError> {
    let state = context::state()?;
    service::signed_in(context::current_user(&state).await).map_err(fail)
}

/// Staff accounts: only managers.
#[server(endpoint = "/staff", input = Json)]
pub async fn list_staff() -> Result<Vec<StaffMember>, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::list_staff(&state, me.as_ref()).await.map_err(fail)
}

/// A manager creates a worker or manager account.
#[server(endpoint = "/staff/create", input = Json)]
pub async fn create_staff(
    /// The new member of staff's name, email address and role.
    form: NewStaffForm,
) -> Result<StaffInvitation, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    let invitation = service::create_staff(&state, me.as_ref(), &form).await.map_err(fail)?;
    Ok(StaffInvitation { user: invitation.user, link: invitation.link })
}

/// True while a set-password link still works.
#[server(endpoint = "/invitation", input = Json)]
pub async fn invitation_is_live(
    /// The secret from the set-password link.
    token: String,
) -> Result<bool, AppError> {
    let state = context::state()?;
    service::invitation_is_live(&state, &service::Secret::from_presented(&token)).await.map_err(fail)
}

/// Sets a password from a one-time link and signs the person in.
#[server(endpoint = "/set-password", input = Json)]
pub async fn set_password(
    /// The secret from the link and the new password.
    form: SetPasswordForm,
) -> Result<UserView, AppError> {
    let state = context::state()?;
    let client = context::client_address(&state);
    let signed_in = service::accept_invitation(&state, &form, &client).await.map_err(fail)?;
    context::start_browser_session(&state, &signed_in).await;
    Ok(signed_in.user)
}
