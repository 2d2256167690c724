//! The worker's side of the conversation: the level of support a plan
//! suggests, and the checks on what the worker writes.
//!
//! The worker's own answers are records of the carer's plan (`worker-area:…`
//! and `worker-plan`), each with its own version, so the carer can read
//! everything written about them and two people editing never overwrite
//! each other silently.

use super::plan::ImpactLevel;
use crate::error::FieldErrors;
use std::collections::BTreeMap;

/// How much support a plan calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum SupportLevel {
    /// Low: the carer manages with universal support (information, groups, advice).
    SelfManaged,
    /// Moderate: an allocated worker and case management.
    CaseManaged,
    /// Substantial or critical, or terminal illness: priority support and referral to social work.
    Priority,
}

impl SupportLevel {
    /// Every level, least first.
    pub const ALL: [SupportLevel; 3] = [SupportLevel::SelfManaged, SupportLevel::CaseManaged, SupportLevel::Priority];
    /// The stored values, in the order of [`SupportLevel::ALL`].
    pub const VALUES: &'static [&'static str] = &["self-managed", "case-managed", "priority"];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        Self::VALUES[self as usize]
    }

    /// Reads a stored value.
    pub fn parse(s: &str) -> Option<SupportLevel> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            SupportLevel::SelfManaged => "Self-managed, with universal support",
            SupportLevel::CaseManaged => "An allocated worker and case management",
            SupportLevel::Priority => "Priority support and a referral to social work",
        }
    }
}

/// The level a plan suggests, and why, in words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Suggestion {
    /// The level.
    pub level: SupportLevel,
    /// Why, e.g. "Finance is rated critical impact".
    pub reason: String,
}

/// THE rule. `ratings` holds, for each shared area, its title and the
/// rating that counts (the worker's where they gave one, else the carer's).
/// Terminal illness, or any area rated substantial or critical, suggests
/// priority support; moderate suggests case management; otherwise the carer
/// manages with universal support.
pub fn suggest_support(ratings: &[(String, ImpactLevel)], terminal: bool) -> Suggestion {
    if terminal {
        return Suggestion { level: SupportLevel::Priority, reason: "The person cared for is terminally ill".to_owned() };
    }
    let highest = ratings.iter().map(|(_, level)| *level).max();
    let named =
        |level: ImpactLevel| ratings.iter().filter(|(_, l)| *l == level).map(|(title, _)| title.as_str()).collect::<Vec<_>>().join(", ");
    match highest {
        Some(level @ (ImpactLevel::Substantial | ImpactLevel::Critical)) => {
            Suggestion { level: SupportLevel::Priority, reason: format!("{} rated {}", named(level), level.label().to_lowercase()) }
        }
        Some(ImpactLevel::Moderate) => Suggestion {
            level: SupportLevel::CaseManaged,
            reason: format!("{} rated moderate impact, and nothing higher", named(ImpactLevel::Moderate)),
        },
        Some(_) => Suggestion { level: SupportLevel::SelfManaged, reason: "No area is rated above low impact".to_owned() },
        None => Suggestion { level: SupportLevel::SelfManaged, reason: "No shared area has been rated yet".to_owned() },
    }
}

/// Checks the worker's support-plan page as a whole: a level that differs
/// from the suggestion needs a written reason; "no needs" and a list of
/// needs cannot both be given, and "has needs" needs the list.
pub fn check_support_page(fields: &BTreeMap<String, String>, suggested: SupportLevel) -> FieldErrors {
    let get = |name: &str| fields.get(name).map(|v| v.trim().to_owned()).unwrap_or_default();
    let mut errors = FieldErrors::default();
    match (get("has_needs").as_str(), get("needs").is_empty()) {
        ("no", false) => {
            errors.push("needs", "You said the carer has no needs for support: remove the needs listed, or change that answer")
        }
        ("yes", true) => errors.push("needs", "Enter the carer's needs for support"),
        _ => {}
    }
    if let Some(chosen) = SupportLevel::parse(&get("support_level"))
        && chosen != suggested
        && get("level_reason").chars().count() < 20
    {
        errors.push("level_reason", "Say why you chose a different level from the one suggested, in a sentence or more");
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use ImpactLevel::*;

    fn rated(pairs: &[(&str, ImpactLevel)]) -> Vec<(String, ImpactLevel)> {
        pairs.iter().map(|(t, l)| (t.to_string(), *l)).collect()
    }

    #[test]
    #[expect(clippy::type_complexity, reason = "a table test reads best with its columns written out")]
    fn the_suggested_level_follows_the_table() {
        let table: &[(&[(&str, ImpactLevel)], bool, SupportLevel, &str)] = &[
            (&[], false, SupportLevel::SelfManaged, "No shared area has been rated yet"),
            (&[("Health", None), ("Finance", Low)], false, SupportLevel::SelfManaged, "No area is rated above low impact"),
            (
                &[("Health", Low), ("Finance", Moderate)],
                false,
                SupportLevel::CaseManaged,
                "Finance rated moderate impact, and nothing higher",
            ),
            (
                &[("Health", Moderate), ("Finance", Moderate)],
                false,
                SupportLevel::CaseManaged,
                "Health, Finance rated moderate impact, and nothing higher",
            ),
            (&[("Health", Substantial), ("Finance", Moderate)], false, SupportLevel::Priority, "Health rated substantial impact"),
            (&[("Health", Substantial), ("Finance", Critical)], false, SupportLevel::Priority, "Finance rated critical impact"),
            (&[("Health", Low)], true, SupportLevel::Priority, "The person cared for is terminally ill"),
            (&[], true, SupportLevel::Priority, "The person cared for is terminally ill"),
        ];
        for (ratings, terminal, level, reason) in table {
            let got = suggest_support(&rated(ratings), *terminal);
            assert_eq!((got.level, got.reason.as_str()), (*level, *reason), "{ratings:?}, terminal {terminal}");
        }
    }

    #[test]
    fn a_level_other_than_the_suggestion_needs_a_reason() {
        let page = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>();
        assert!(check_support_page(&page(&[("support_level", "priority")]), SupportLevel::Priority).is_empty());
        let errors = check_support_page(&page(&[("support_level", "case-managed"), ("level_reason", "because")]), SupportLevel::Priority);
        assert!(errors.get("level_reason").is_some());
        let reasoned = page(&[("support_level", "case-managed"), ("level_reason", "The family now share the caring every weekday")]);
        assert!(check_support_page(&reasoned, SupportLevel::Priority).is_empty());
        let both = page(&[("has_needs", "no"), ("needs", "A break")]);
        assert!(check_support_page(&both, SupportLevel::SelfManaged).get("needs").is_some());
        let neither = page(&[("has_needs", "yes"), ("needs", "  ")]);
        assert!(check_support_page(&neither, SupportLevel::SelfManaged).get("needs").is_some());
        assert!(check_support_page(&page(&[("has_needs", "no")]), SupportLevel::SelfManaged).is_empty());
    }

    #[test]
    fn stored_levels_round_trip() {
        for level in SupportLevel::ALL {
            assert_eq!(SupportLevel::parse(level.as_str()), Some(level));
        }
        assert_eq!(SupportLevel::parse("urgent"), Option::None);
    }
}
