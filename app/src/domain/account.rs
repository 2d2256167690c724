//! Accounts: who people are, what role they have, and what a valid
//! registration, sign-in or new staff account looks like.
//!
//! Every form here is parsed once into a checked value. The same `check`
//! functions give instant feedback in the browser and are the truth on the
//! server.

use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Fewest characters a password may have (NCSC: length beats complexity rules).
pub const PASSWORD_MIN: usize = 10;
/// Most characters a password may have (Argon2 copes; this only stops abuse).
pub const PASSWORD_MAX: usize = 256;
/// Most characters in the name someone wants to be called.
pub const NAME_MAX: usize = 60;
/// Most characters in an email address (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// A session unused for this long ends, unless the deployment sets
/// another limit.
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;

/// What someone may do in CarerSpace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// An unpaid carer, registered by themselves.
    Carer,
    /// A carer support worker, created by a manager.
    Worker,
    /// Creates staff accounts, allocates work, handles deletion requests.
    Manager,
}

impl Role {
    /// The stored name of the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Carer => "carer",
            Role::Worker => "worker",
            Role::Manager => "manager",
        }
    }

    /// Reads a stored role name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "carer" => Some(Role::Carer),
            "worker" => Some(Role::Worker),
            "manager" => Some(Role::Manager),
            _ => None,
        }
    }

    /// The role as a carer reads it ("who has seen my plan").
    pub fn title(self) -> &'static str {
        match self {
            Role::Carer => "Carer",
            Role::Worker => "Carer support worker",
            Role::Manager => "Manager",
        }
    }

    /// True for the carers' centre's own staff.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Worker | Role::Manager)
    }

    /// Where this person starts after signing in.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Carer => "/",
            Role::Worker => "/worker",
            Role::Manager => "/manager",
        }
    }
}

/// An email address, trimmed and lower-cased so one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Checks the shape of an address; the message is ready to show.
    pub fn parse(raw: &str) -> Result<Email, &'static str> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("Enter your email address");
        }
        if s.chars().count() > EMAIL_MAX {
            return Err("Email address must be 254 characters or fewer");
        }
        let Some((local, domain)) = s.rsplit_once('@') else {
            return Err("Enter an email address in the correct format, like name@example.com");
        };
        let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains("..");
        if local.is_empty() || !domain_ok || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("Enter an email address in the correct format, like name@example.com");
        }
        Ok(Email(s.to_lowercase()))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name someone wants to be called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    /// Checks a name; the message is ready to show.
    pub fn parse(raw: &str) -> Result<DisplayName, &'static str> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("Enter the name you would like us to call you");
        }
        if s.chars().count() > NAME_MAX {
            return Err("Name must be 60 characters or fewer");
        }
        if s.chars().any(char::is_control) {
            return Err("Name must only include letters, numbers, spaces and punctuation");
        }
        Ok(DisplayName(s.to_owned()))
    }

    /// The name as entered, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a new password's length; spaces count, nothing is trimmed.
pub fn check_new_password(raw: &str) -> Result<(), &'static str> {
    let n = raw.chars().count();
    if n == 0 {
        Err("Enter a password")
    } else if n < PASSWORD_MIN {
        Err("Password must be 10 characters or more")
    } else if n > PASSWORD_MAX {
        Err("Password must be 256 characters or fewer")
    } else {
        Ok(())
    }
}

/// What a carer enters to register.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationForm {
    /// The name they want to be called.
    pub name: String,
    /// Their email address.
    pub email: String,
    /// Their chosen password.
    pub password: String,
}

/// A registration that passed every check.
#[derive(Debug, Clone)]
pub struct Registration {
    /// Checked name.
    pub name: DisplayName,
    /// Checked, normalised email.
    pub email: Email,
    /// Password of an acceptable length.
    pub password: String,
}

impl RegistrationForm {
    /// Every problem, in page order; empty when the form is fine.
    /// Parses the form into a registration, or says what to correct.
    pub fn check(&self) -> Result<Registration, AppError> {
        let mut errors = FieldErrors::default();
        let name = DisplayName::parse(&self.name).map_err(|m| errors.push("name", m)).ok();
        let email = Email::parse(&self.email).map_err(|m| errors.push("email", m)).ok();
        let _ = check_new_password(&self.password).map_err(|m| errors.push("password", m));
        match (name, email, errors.is_empty()) {
            (Some(name), Some(email), true) => Ok(Registration { name, email, password: self.password.clone() }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// What someone enters to sign in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInForm {
    /// Their email address.
    pub email: String,
    /// Their password.
    pub password: String,
    /// "This is a shared computer": keep nothing in this browser.
    #[serde(default)]
    pub shared_device: bool,
}

impl SignInForm {
    /// Parses the email and checks a password was given.
    pub fn check(&self) -> Result<Email, AppError> {
        let mut errors = FieldErrors::default();
        let email = Email::parse(&self.email).map_err(|m| errors.push("email", m)).ok();
        if self.password.is_empty() {
            errors.push("password", "Enter your password");
        } else if self.password.chars().count() > PASSWORD_MAX {
            // No account can have a longer one: refused before any hashing.
            errors.push("password", "Password must be 256 characters or fewer");
        }
        match email {
            Some(email) if errors.is_empty() => Ok(email),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// What a manager enters to create a staff account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewStaffForm {
    /// The worker's name.
    pub name: String,
    /// Their work email address.
    pub email: String,
    /// "worker" or "manager".
    pub role: String,
}

/// A staff account that passed every check.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Checked name.
    pub name: DisplayName,
    /// Checked, normalised email.
    pub email: Email,
    /// Worker or manager, never carer.
    pub role: Role,
}

impl NewStaffForm {
    /// Parses the form, or says what to correct.
    pub fn check(&self) -> Result<NewStaff, AppError> {
        let mut errors = FieldErrors::default();
        let name = DisplayName::parse(&self.name).map_err(|_| errors.push("name", "Enter the worker's full name")).ok();
        let email = Email::parse(&self.email).map_err(|m| errors.push("email", m.replace("your email", "their email"))).ok();
        let role = Role::parse(&self.role).filter(|r| r.is_staff());
        if role.is_none() {
            errors.push("role", "Select whether this is a worker or a manager");
        }
        match (name, email, role) {
            (Some(name), Some(email), Some(role)) => Ok(NewStaff { name, email, role }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// What someone enters to set their password from a one-time link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetPasswordForm {
    /// The one-time token from the link.
    pub token: String,
    /// Their chosen password.
    pub password: String,
}

impl SetPasswordForm {
    /// Checks the password, or says what to correct.
    pub fn check(&self) -> Result<(), AppError> {
        check_new_password(&self.password).map_err(|m| AppError::field("password", m))
    }
}

/// A form that can be read from posted fields, by field name. The browser
/// reads them from the page and the server from the request body, so both
/// check exactly the same thing.
pub trait FromFields: Sized {
    /// Builds the form from a lookup of field name to value ("" when absent).
    fn from_fields(get: &dyn Fn(&str) -> String) -> Self;
    /// Every problem, in page order; empty when the form is fine.
    fn problems(&self) -> FieldErrors;
}

fn errors_of<T>(result: Result<T, AppError>) -> FieldErrors {
    result.err().and_then(|e| e.field_errors().cloned()).unwrap_or_default()
}

/// A ticked checkbox posts "on" (or "true" from a script).
pub fn is_ticked(value: &str) -> bool {
    matches!(value, "on" | "true" | "yes")
}

impl FromFields for RegistrationForm {
    fn from_fields(get: &dyn Fn(&str) -> String) -> Self {
        RegistrationForm { name: get("name"), email: get("email"), password: get("password") }
    }
    fn problems(&self) -> FieldErrors {
        errors_of(self.check())
    }
}

impl FromFields for SignInForm {
    fn from_fields(get: &dyn Fn(&str) -> String) -> Self {
        SignInForm { email: get("email"), password: get("password"), shared_device: is_ticked(&get("shared_device")) }
    }
    fn problems(&self) -> FieldErrors {
        errors_of(self.check())
    }
}

impl FromFields for NewStaffForm {
    fn from_fields(get: &dyn Fn(&str) -> String) -> Self {
        NewStaffForm { name: get("name"), email: get("email"), role: get("role") }
    }
    fn problems(&self) -> FieldErrors {
        errors_of(self.check())
    }
}

impl FromFields for SetPasswordForm {
    fn from_fields(get: &dyn Fn(&str) -> String) -> Self {
        SetPasswordForm { token: get("token"), password: get("password") }
    }
    fn problems(&self) -> FieldErrors {
        errors_of(self.check())
    }
}

/// Which account form a page shows, so the browser can check it before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountForm {
    /// Create an account.
    Register,
    /// Sign in.
    SignIn,
    /// A manager adds a staff account.
    NewStaff,
    /// Set a password from a link.
    SetPassword,
}

impl AccountForm {
    /// The fields the form has, in page order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            AccountForm::Register => &["name", "email", "password"],
            AccountForm::SignIn => &["email", "password"],
            AccountForm::NewStaff => &["name", "email", "role"],
            AccountForm::SetPassword => &["password"],
        }
    }

    /// Every problem with what was entered.
    pub fn problems(self, get: &dyn Fn(&str) -> String) -> FieldErrors {
        match self {
            AccountForm::Register => RegistrationForm::from_fields(get).problems(),
            AccountForm::SignIn => SignInForm::from_fields(get).problems(),
            AccountForm::NewStaff => NewStaffForm::from_fields(get).problems(),
            AccountForm::SetPassword => SetPasswordForm::from_fields(get).problems(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_lower_cased_so_one_person_has_one_account() {
        assert_eq!(Email::parse("  Sam@Example.ORG ").unwrap().as_str(), "sam@example.org");
    }

    #[test]
    fn an_email_without_a_proper_domain_is_refused_with_an_example() {
        for bad in ["sam", "sam@", "@example.org", "sam@example", "sam@.org", "sam@example.", "s am@example.org"] {
            let message = Email::parse(bad).unwrap_err();
            assert!(message.contains("name@example.com"), "{bad}: {message}");
        }
        assert_eq!(Email::parse("   ").unwrap_err(), "Enter your email address");
    }

    #[test]
    fn a_short_password_is_refused_and_spaces_count() {
        assert_eq!(check_new_password("short"), Err("Password must be 10 characters or more"));
        assert_eq!(check_new_password("four words go here"), Ok(()));
        assert_eq!(check_new_password(""), Err("Enter a password"));
        assert!(check_new_password(&"x".repeat(257)).is_err());
    }

    #[test]
    fn registration_lists_every_problem_in_page_order() {
        let form = RegistrationForm { name: " ".into(), email: "nope".into(), password: "123".into() };
        let fields: Vec<_> = FromFields::problems(&form).0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "email", "password"]);
    }

    #[test]
    fn a_good_registration_is_parsed_once_into_checked_values() {
        let form = RegistrationForm { name: " Sam ".into(), email: "SAM@example.org".into(), password: "correct horse battery".into() };
        let ok = form.check().unwrap();
        assert_eq!(ok.name.as_str(), "Sam");
        assert_eq!(ok.email.as_str(), "sam@example.org");
    }

    #[test]
    fn a_sign_in_with_a_password_no_account_can_have_is_refused_before_checking() {
        let form = SignInForm { email: "sam@example.org".into(), password: "x".repeat(PASSWORD_MAX + 1), shared_device: false };
        assert_eq!(form.check().unwrap_err().field_errors().unwrap().get("password"), Some("Password must be 256 characters or fewer"));
        let form = SignInForm { password: "x".repeat(PASSWORD_MAX), ..form };
        assert!(form.check().is_ok());
    }

    #[test]
    fn a_manager_cannot_create_a_carer_account() {
        let form = NewStaffForm { name: "Alex".into(), email: "alex@centre.org".into(), role: "carer".into() };
        assert_eq!(form.check().unwrap_err().field_errors().unwrap().get("role"), Some("Select whether this is a worker or a manager"));
    }

    #[test]
    fn each_role_starts_on_its_own_home_page() {
        assert_eq!(Role::Carer.home_path(), "/");
        assert_eq!(Role::Worker.home_path(), "/worker");
        assert_eq!(Role::parse("manager"), Some(Role::Manager));
        assert_eq!(Role::parse("admin"), None);
    }
}
