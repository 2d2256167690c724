//! Registration, sign-in with throttling, sessions, and staff accounts.

use super::access::require_manager;
use super::{AppState, internal};
use crate::domain::account::{
    StaffMember,
    Email, NewStaffForm, RegistrationForm, Role, SetPasswordForm, SignInForm, UserView,
};
use crate::error::AppError;
use crate::ports::{SessionRecord, StoreError, Timestamp, UserRecord};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Failures counted for throttling are those in the last 15 minutes.
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
/// Failures allowed per account in the window.
pub const MAX_FAILURES_PER_ACCOUNT: u32 = 5;
/// Failures allowed per client address in the window.
pub const MAX_FAILURES_PER_CLIENT: u32 = 20;
/// Refused registrations (the email address already has an account)
/// allowed per client address in the window. Registrations that succeed
/// never count, so a carers' centre's front desk is never held up; a script
/// trying addresses is.
pub const MAX_REFUSED_REGISTRATIONS_PER_CLIENT: u32 = 20;
/// New accounts from one client address are counted over this window; how
/// many it allows is a setting (`Settings::registrations_per_hour`).
pub const NEW_ACCOUNT_WINDOW_SECS: i64 = 60 * 60;
/// Wrong or used set-password links allowed per client address in the window.
pub const MAX_LINK_FAILURES_PER_CLIENT: u32 = 20;
/// A session is marked as seen at most once in this many seconds.
pub const SESSION_REFRESH_SECS: i64 = 60;

/// Argon2id needs 19 MiB and tens of milliseconds of one core per hash.
/// Hashes run on a fixed set of threads, one per core, fed from a bounded
/// queue: a flood of sign-ins or registrations gets "busy" at once instead
/// of queueing hundreds of hashes. Fixed threads matter as much as the
/// bound: on tokio's elastic blocking pool every burst started new threads,
/// each keeping its own freed 19 MiB in its allocator arena (400 parallel
/// registrations left the server holding 564 MB).
struct Hashing {
    jobs: std::sync::mpsc::Sender<HashJob>,
    /// One place per hash queued or running.
    places: std::sync::Arc<tokio::sync::Semaphore>,
}

type HashJob = Box<dyn FnOnce() + Send + 'static>;

/// Hashes queued per core before "busy": a queued hash holds no memory
/// until it runs, and 256 per core is a few seconds' wait at most.
const MOST_QUEUED_PER_CORE: usize = 256;

static HASHING: std::sync::LazyLock<Hashing> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let (jobs, queue) = std::sync::mpsc::channel::<HashJob>();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
    for n in 0..cores {
        let queue = queue.clone();
        let worker = move || loop {
            // Holding the lock only to take the next job.
            let next = queue.lock().map_err(|_| ()).and_then(|q| q.recv().map_err(|_| ()));
            match next {
                Ok(job) => job(),
                Err(()) => return,
            }
        };
        if let Err(error) = std::thread::Builder::new().name(format!("password-hashing-{n}")).spawn(worker) {
            tracing::error!(%error, "could not start a password-hashing thread");
        }
    }
    Hashing { jobs, places: std::sync::Arc::new(tokio::sync::Semaphore::new(cores * MOST_QUEUED_PER_CORE)) }
});

/// Runs one password hash or check on the hashing threads, within the
/// limits above.
async fn with_hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let Ok(place) = HASHING.places.clone().try_acquire_owned() else {
        tracing::warn!("password hashing queue full: refusing");
        return Err(AppError::Busy);
    };
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: HashJob = Box::new(move || {
        // The place is held until the work is done, even if the request
        // that queued it has gone, so the bound is honest.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        drop(place);
        if let Ok(result) = result {
            let _ = answer.send(result);
        }
    });
    HASHING.jobs.send(job).map_err(|_| AppError::Internal)?;
    answered.await.map_err(|_| AppError::Internal)
}

/// A fresh secret handed to the browser (cookie) or to a person (link).
/// Only its hash is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    fn generate() -> Secret {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Secret(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Wraps a secret that came back from a browser or a link.
    pub fn from_presented(value: &str) -> Secret {
        Secret(value.to_owned())
    }

    /// The secret itself, to put in a cookie or a link.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the database keeps.
    pub fn hash(&self) -> String {
        sha256_hex("secret", &self.0)
    }
}

fn sha256_hex(purpose: &str, value: &str) -> String {
    let digest = Sha256::new().chain_update(purpose).chain_update([0]).chain_update(value).finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new session for someone who just proved who they are.
#[derive(Debug)]
pub struct SignedIn {
    /// Who they are.
    pub user: UserView,
    /// The cookie value.
    pub token: Secret,
}

/// A staff account waiting for its owner to set a password.
#[derive(Debug)]
pub struct Invitation {
    /// The new account.
    pub user: UserView,
    /// The one-time link to give them.
    pub link: String,
}

fn view(user: &UserRecord, shared_device: bool) -> UserView {
    UserView {
        id: user.user_id,
        name: user.display_name.clone(),
        email: user.email.clone(),
        role: user.role,
        shared_device,
    }
}

async fn hash_password(password: String) -> Result<String, AppError> {
    with_hashing(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// A hash of a password nobody has, checked when the account does not exist so
/// a wrong email takes as long as a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5VYCvyp8yiSL8Z/6w4Mh7sKEpVKDqQ0Lq5l0w9E8gCE";

async fn password_matches(password: String, hash: Option<String>) -> Result<bool, AppError> {
    with_hashing(move || {
        let stored = hash.as_deref().unwrap_or(DUMMY_HASH);
        let parsed = match PasswordHash::new(stored) {
            Ok(parsed) => parsed,
            Err(_) => return false,
        };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && hash.is_some()
    })
    .await
}

/// Which throttled action an attempt belongs to; each has its own budget
/// per client address.
#[derive(Debug, Clone, Copy)]
enum Throttled {
    SignIn,
    Register,
    SetPassword,
    /// A new account made (not a failure): counted against the client's hourly allowance.
    NewAccount,
}

impl Throttled {
    fn name(self) -> &'static str {
        match self {
            Throttled::SignIn => "sign-in",
            Throttled::Register => "register",
            Throttled::SetPassword => "set-password",
            Throttled::NewAccount => "new-account",
        }
    }

    fn client_limit(self) -> u32 {
        match self {
            Throttled::SignIn => MAX_FAILURES_PER_CLIENT,
            Throttled::Register => MAX_REFUSED_REGISTRATIONS_PER_CLIENT,
            Throttled::SetPassword => MAX_LINK_FAILURES_PER_CLIENT,
            // A setting, checked in `begin_new_account`; never refused here.
            Throttled::NewAccount => u32::MAX,
        }
    }
}

fn throttle_keys(action: Throttled, account: Option<&str>, client: &str) -> (String, String) {
    let account_key = account.map_or_else(|| action.name().to_owned(), |a| sha256_hex("account", a));
    (account_key, sha256_hex(&format!("client:{}", action.name()), client))
}

/// Too many attempts: when the oldest one counted stops counting.
fn too_many(action: Throttled, oldest: Option<Timestamp>, now: Timestamp) -> AppError {
    tracing::warn!(action = action.name(), "throttled");
    AppError::TooManyAttempts { minutes: minutes_until(oldest, now, THROTTLE_WINDOW_SECS) }
}

/// Counts a sign-in before the password is checked, and refuses it if it
/// is over a limit (then it is not counted again): written and committed
/// before counting, so parallel guesses can never all slip under the limit.
async fn begin_sign_in(state: &AppState, email: &Email, client: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let (account_key, client_key) = throttle_keys(Throttled::SignIn, Some(email.as_str()), client);
    let (id, counts) = state
        .store
        .begin_attempt(&account_key, &client_key, now, now - THROTTLE_WINDOW_SECS)
        .await
        .map_err(internal("count attempt"))?;
    let refused = if counts.for_account > MAX_FAILURES_PER_ACCOUNT {
        Some(counts.account_oldest)
    } else if counts.for_client > Throttled::SignIn.client_limit() {
        Some(counts.client_oldest)
    } else {
        None
    };
    if let Some(oldest) = refused {
        state.store.forget_attempt(id).await.map_err(internal("forget attempt"))?;
        return Err(too_many(Throttled::SignIn, oldest, now));
    }
    Ok(())
}

/// The key a person's sign-in attempts are counted under: a hash of their
/// email, so erasing them can remove those attempts too.
pub(crate) fn account_key(email: &str) -> String {
    throttle_keys(Throttled::SignIn, Some(email), "").0
}

/// Asks a signed-in person for their password again before something that
/// cannot be undone. Counted and limited like a sign-in (so it cannot be
/// used to guess a password), and a password too long for any account is
/// refused before hashing.
#[tracing::instrument(skip_all)]
pub(crate) async fn confirm_password(state: &AppState, user: &UserView, password: &str, client: &str) -> Result<(), AppError> {
    let form = SignInForm { email: user.email.clone(), password: password.to_owned(), shared_device: false };
    let email = form.check()?;
    begin_sign_in(state, &email, client).await?;
    let stored = state.store.user_by_id(user.id).await.map_err(internal("find user"))?.and_then(|u| u.password_hash);
    if !password_matches(form.password, stored).await? {
        return Err(AppError::field("password", "The password is not right. Check it and try again"));
    }
    state.store.clear_failed_sign_ins(&account_key(email.as_str())).await.map_err(internal("clear failures"))?;
    Ok(())
}

/// Refuses a registration or set-password link from a client that has
/// failed at it too often lately. Nothing expensive happens before the
/// check that can fail (a taken email, an unknown link), so only failures
/// are counted, by [`record_failure`].
async fn refuse_if_throttled(state: &AppState, action: Throttled, client: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let (account_key, client_key) = throttle_keys(action, None, client);
    let counts = state
        .store
        .count_attempts(&account_key, &client_key, now - THROTTLE_WINDOW_SECS)
        .await
        .map_err(internal("count attempts"))?;
    if counts.for_client >= action.client_limit() {
        return Err(too_many(action, counts.client_oldest, now));
    }
    Ok(())
}

/// Counts a failed registration or set-password link against the client.
async fn record_failure(state: &AppState, action: Throttled, client: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let (account_key, client_key) = throttle_keys(action, None, client);
    state.store.begin_attempt(&account_key, &client_key, now, now).await.map_err(internal("count failure"))?;
    Ok(())
}

async fn start_session(state: &AppState, user: &UserRecord, shared_device: bool) -> Result<SignedIn, AppError> {
    let token = Secret::generate();
    let now = state.clock.now();
    let session = SessionRecord {
        token_hash: token.hash(),
        user_id: user.user_id,
        created_at: now,
        last_seen_at: now,
        shared_device,
    };
    state.store.insert_session(&session).await.map_err(internal("start session"))?;
    Ok(SignedIn { user: view(user, shared_device), token })
}

/// Counts a new account against the client's hourly allowance before its
/// password is hashed, and refuses it over the limit (then it is not
/// counted). Written and committed before counting, as a sign-in is, so a
/// burst of parallel registrations cannot all slip under the limit. The
/// attempt's id, to forget if the account is not made after all.
async fn begin_new_account(state: &AppState, client: &str) -> Result<i64, AppError> {
    let now = state.clock.now();
    // Counted by client alone (the same key twice): no count over everyone.
    let (_, client_key) = throttle_keys(Throttled::NewAccount, None, client);
    let (id, counts) = state
        .store
        .begin_attempt(&client_key, &client_key, now, now - NEW_ACCOUNT_WINDOW_SECS)
        .await
        .map_err(internal("count new account"))?;
    if counts.for_client > state.settings.registrations_per_hour {
        state.store.forget_attempt(id).await.map_err(internal("forget attempt"))?;
        tracing::warn!(action = Throttled::NewAccount.name(), "throttled");
        let minutes = minutes_until(counts.client_oldest, now, NEW_ACCOUNT_WINDOW_SECS);
        return Err(AppError::Limit(format!(
            "Too many new accounts have been made from this internet connection in the last hour. Try again in {minutes} {}.",
            if minutes == 1 { "minute" } else { "minutes" }
        )));
    }
    Ok(id)
}

const EMAIL_TAKEN: &str = "An account already uses this email address. Sign in instead, or use another address";

/// Registers a carer and signs them in. Cheap checks first (the form, the
/// client's budget, whether the email is free); the password is hashed last.
#[tracing::instrument(skip_all)]
pub async fn register(state: &AppState, form: &RegistrationForm, client: &str) -> Result<SignedIn, AppError> {
    let checked = form.check()?;
    refuse_if_throttled(state, Throttled::Register, client).await?;
    if state.store.user_by_email(checked.email.as_str()).await.map_err(internal("find user"))?.is_some() {
        record_failure(state, Throttled::Register, client).await?;
        return Err(AppError::field("email", EMAIL_TAKEN));
    }
    let counted = begin_new_account(state, client).await?;
    let made = make_carer(state, checked, client).await;
    if made.is_err()
        && let Err(error) = state.store.forget_attempt(counted).await
    {
        // Counted once too often for an hour at worst.
        tracing::warn!(%error, "could not forget a registration that failed");
    }
    let user = made?;
    tracing::info!(user_id = %user.user_id, "carer registered");
    start_session(state, &user, false).await
}

/// Hashes the password and stores the new carer's account.
async fn make_carer(
    state: &AppState,
    checked: crate::domain::account::Registration,
    client: &str,
) -> Result<UserRecord, AppError> {
    let user = UserRecord {
        user_id: Uuid::new_v4(),
        email: checked.email.as_str().to_owned(),
        display_name: checked.name.as_str().to_owned(),
        password_hash: Some(hash_password(checked.password).await?),
        role: Role::Carer,
        created_at: state.clock.now(),
        deactivated_at: None,
    };
    match state.store.insert_user(&user).await {
        Ok(()) => Ok(user),
        Err(StoreError::Duplicate(_)) => {
            record_failure(state, Throttled::Register, client).await?;
            Err(AppError::field("email", EMAIL_TAKEN))
        }
        Err(error) => Err(internal("register")(error)),
    }
}

/// Whole minutes until the oldest attempt counted in a window of
/// `window` seconds stops counting.
fn minutes_until(oldest: Option<Timestamp>, now: Timestamp, window: i64) -> u32 {
    let reopens = oldest.unwrap_or(now) + window;
    (((reopens - now).max(1) + 59) / 60) as u32
}

/// Signs someone in, refusing after too many failures for the account or
/// from the client. The attempt is counted before the password is checked,
/// so however many guesses arrive at once, at most the limit are checked.
#[tracing::instrument(skip_all)]
pub async fn sign_in(state: &AppState, form: &SignInForm, client: &str) -> Result<SignedIn, AppError> {
    let email: Email = form.check()?;
    begin_sign_in(state, &email, client).await?;
    let user = state.store.user_by_email(email.as_str()).await.map_err(internal("find user"))?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    // A wrong password leaves the attempt counted as a failure.
    if !password_matches(form.password.clone(), hash).await? {
        return Err(AppError::field(
            "email",
            "The email address or password is not right. Check them and try again",
        ));
    }
    let Some(user) = user else { return Err(AppError::Internal) };
    if user.deactivated_at.is_some() {
        // Said only to someone who knows the password.
        return Err(AppError::field("email", "This account has been deactivated. Ask a manager at your carers' centre"));
    }
    // Success clears the account's failures, this attempt's record with them.
    state.store.clear_failed_sign_ins(&account_key(email.as_str())).await.map_err(internal("clear failures"))?;
    tracing::info!(user_id = %user.user_id, role = user.role.as_str(), "signed in");
    start_session(state, &user, form.shared_device).await
}

/// When sessions end, as of now.
fn session_window(state: &AppState) -> crate::ports::SessionWindow {
    let now = state.clock.now();
    crate::ports::SessionWindow {
        idle_since: now - state.settings.idle_timeout_secs,
        started_since: now - state.settings.session_lifetime_secs,
        refresh_before: now - SESSION_REFRESH_SECS,
    }
}

/// Who holds this session token, if it is live. Marks the session as seen.
/// Called once per request, by the server, before anything else.
#[tracing::instrument(skip_all)]
pub async fn session_user(state: &AppState, token: &Secret) -> Result<Option<UserView>, AppError> {
    let found = state
        .store
        .touch_session(&token.hash(), state.clock.now(), session_window(state))
        .await
        .map_err(internal("touch session"))?;
    Ok(found.map(|(session, user)| view(&user, session.shared_device)))
}

/// How long a browser whose session an erasure ended is recognised, to be
/// told to forget its drafts: a month, then even its token's hash goes.
const ERASED_SESSION_KEPT_SECS: i64 = 30 * 24 * 60 * 60;

/// True, once, when `token` belonged to a session an erasure ended: the
/// browser presenting it is then told to forget what it stored for the site.
/// Asked only of a token that no longer finds a live session.
#[tracing::instrument(skip_all)]
pub async fn forget_if_erased(state: &AppState, token: &Secret) -> bool {
    match state.store.take_erased_session(&token.hash()).await {
        Ok(erased) => erased,
        Err(error) => {
            tracing::warn!(%error, "could not look for an erased session");
            false
        }
    }
}

/// Deletes ended sessions and attempts too old to count, so neither
/// lingers until its token comes back. The server runs this every few minutes.
#[tracing::instrument(skip_all)]
pub async fn remove_expired(state: &AppState) -> Result<(), AppError> {
    let sessions = state.store.remove_ended_sessions(session_window(state)).await.map_err(internal("end sessions"))?;
    let attempts = state
        .store
        .forget_attempts_before(state.clock.now() - 24 * 60 * 60)
        .await
        .map_err(internal("forget attempts"))?;
    state
        .store
        .forget_erased_sessions(state.clock.now() - ERASED_SESSION_KEPT_SECS)
        .await
        .map_err(internal("forget erased sessions"))?;
    if sessions + attempts > 0 {
        tracing::info!(sessions, attempts, "removed ended sessions and old attempts");
    }
    Ok(())
}

/// Ends a session.
#[tracing::instrument(skip_all)]
pub async fn sign_out(state: &AppState, token: &Secret) -> Result<(), AppError> {
    state.store.delete_session(&token.hash()).await.map_err(internal("end session"))
}

async fn invite(state: &AppState, name: String, email: String, role: Role) -> Result<Invitation, AppError> {
    let now = state.clock.now();
    let user = UserRecord {
        user_id: Uuid::new_v4(),
        email,
        display_name: name,
        password_hash: None,
        role,
        created_at: now,
        deactivated_at: None,
    };
    let token = Secret::generate();
    match state
        .store
        .insert_user_with_invitation(&user, &token.hash(), now + state.settings.invitation_ttl_secs)
        .await
    {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            return Err(AppError::field("email", "An account already uses this email address"));
        }
        Err(error) => return Err(internal("invite")(error)),
    }
    tracing::info!(user_id = %user.user_id, role = role.as_str(), "staff account created");
    let link = format!(
        "{}/set-password?token={}",
        state.settings.public_url.trim_end_matches('/'),
        token.expose()
    );
    Ok(Invitation { user: view(&user, false), link })
}

/// A manager creates a worker (or manager) account with a one-time link.
#[tracing::instrument(skip_all)]
pub async fn create_staff(state: &AppState, actor: Option<&UserView>, form: &NewStaffForm) -> Result<Invitation, AppError> {
    require_manager(actor)?;
    let staff = form.check()?;
    invite(state, staff.name.as_str().to_owned(), staff.email.as_str().to_owned(), staff.role).await
}

/// The first manager, made from the command line on the server itself.
#[tracing::instrument(skip_all)]
pub async fn create_first_manager(state: &AppState, name: &str, email: &str) -> Result<Invitation, AppError> {
    let name = crate::domain::account::DisplayName::parse(name).map_err(|m| AppError::field("name", m))?;
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    invite(state, name.as_str().to_owned(), email.as_str().to_owned(), Role::Manager).await
}

/// Staff accounts, for a manager.
#[tracing::instrument(skip_all)]
pub async fn list_staff(state: &AppState, actor: Option<&UserView>) -> Result<Vec<StaffMember>, AppError> {
    require_manager(actor)?;
    let staff = state.store.staff().await.map_err(internal("list staff"))?;
    Ok(staff.iter().map(|u| StaffMember { user: view(u, false), active: u.deactivated_at.is_none() }).collect())
}

/// True while a set-password link can still be used.
#[tracing::instrument(skip_all)]
pub async fn invitation_is_live(state: &AppState, token: &Secret) -> Result<bool, AppError> {
    state
        .store
        .invitation_is_live(&token.hash(), state.clock.now())
        .await
        .map_err(internal("check invitation"))
}

/// Sets a password from a one-time link and signs the person in. The link
/// is checked before the password is hashed, and wrong links are throttled.
#[tracing::instrument(skip_all)]
pub async fn accept_invitation(state: &AppState, form: &SetPasswordForm, client: &str) -> Result<SignedIn, AppError> {
    form.check()?;
    refuse_if_throttled(state, Throttled::SetPassword, client).await?;
    let token = Secret::from_presented(&form.token);
    let expired =
        || AppError::field("password", "This link has expired or has already been used. Ask your manager for a new one");
    if form.token.len() > 100 || !invitation_is_live(state, &token).await? {
        record_failure(state, Throttled::SetPassword, client).await?;
        return Err(expired());
    }
    let hash = hash_password(form.password.clone()).await?;
    let Some(user) =
        state.store.accept_invitation(&token.hash(), state.clock.now(), &hash).await.map_err(internal("accept invitation"))?
    else {
        // Used by someone else while this password was being hashed.
        record_failure(state, Throttled::SetPassword, client).await?;
        return Err(expired());
    };
    tracing::info!(user_id = %user.user_id, "password set from invitation");
    start_session(state, &user, false).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_after_throttling_is_rounded_up_to_whole_minutes() {
        let window = THROTTLE_WINDOW_SECS;
        assert_eq!(minutes_until(Some(1_000), 1_000, window), 15);
        assert_eq!(minutes_until(Some(1_000), 1_000 + 14 * 60 + 1, window), 1);
        assert_eq!(minutes_until(Some(1_000), 1_000 + 10 * 60, window), 5);
        assert_eq!(minutes_until(Some(1_000), 1_000 + 10 * 60, NEW_ACCOUNT_WINDOW_SECS), 50);
    }

    #[test]
    fn the_dummy_hash_is_a_valid_argon2id_hash() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn secrets_are_random_and_only_their_hash_is_kept() {
        let a = Secret::generate();
        let b = Secret::generate();
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.hash().len(), 64);
        assert_ne!(a.hash(), a.expose());
        assert_eq!(Secret::from_presented(a.expose()).hash(), a.hash());
    }
}
