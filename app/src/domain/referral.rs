//! Referral to social work: a package of exactly the sections referred,
//! possible only while the carer shares those sections with social work —
//! or, as the one exception, under a recorded legal reason (a risk of
//! serious harm to the carer or the person they care for), which the carer
//! is shown.

use super::plan::{Plan, TEXT_MAX};
use super::sharing::Section;
use crate::error::FieldErrors;
use crate::framework::Framework;
use serde::{Deserialize, Serialize};

/// The shortest justification a legal-reason referral may give, in characters:
/// enough for a sentence or two that says what the risk is and why it cannot wait.
pub const LEGAL_REASON_MIN: usize = 100;

/// A referral, as stored (its package is kept apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    /// The referral.
    pub id: uuid::Uuid,
    /// Whose plan.
    pub carer_id: uuid::Uuid,
    /// The carer's share to social work it rests on; `None` under a legal reason.
    pub share_id: Option<uuid::Uuid>,
    /// Section ids referred, as stored.
    pub sections: String,
    /// The written justification, when made under a legal reason.
    pub legal_reason: Option<String>,
    /// The worker who referred.
    pub referred_by: uuid::Uuid,
    /// Their name when they did.
    pub referred_by_name: String,
    /// When.
    pub referred_at: i64,
    /// When the carer withdrew the share it rests on: the package can no longer be opened.
    pub withdrawn_at: Option<i64>,
}

impl Referral {
    /// True while its package may be opened.
    pub fn is_open(&self) -> bool {
        self.withdrawn_at.is_none()
    }
}

/// What a worker asked to refer, checked: the sections and, under a legal
/// reason, its justification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRequest {
    /// The sections, in the plan's order.
    pub sections: Vec<Section>,
    /// The justification, under a legal reason.
    pub legal_reason: Option<String>,
}

/// Checks a worker's referral: the sections chosen must be ones the worker
/// may read (`visible`); without a legal reason each must also be in the
/// carer's current share to social work (`social_work`, `None` when there
/// is none); with one, the justification must say enough.
pub fn check_referral(
    chosen: &[String],
    visible: &[Section],
    social_work: Option<&[Section]>,
    legal_reason: Option<&str>,
    framework: &Framework,
) -> Result<ReferralRequest, FieldErrors> {
    let mut errors = FieldErrors::default();
    let legal_reason = legal_reason.map(str::trim).filter(|r| !r.is_empty());
    let mut sections = Vec::new();
    for id in chosen {
        match Section::parse(id, framework).filter(|s| visible.contains(s)) {
            Some(section) if !sections.contains(&section) => sections.push(section),
            Some(_) => {}
            None => {
                errors.push("sections", "Choose only parts of the plan the carer shares with you");
                return Err(errors);
            }
        }
    }
    if sections.is_empty() {
        errors.push("sections", "Select at least one part of the plan to refer");
    }
    match (legal_reason, social_work) {
        (Some(reason), _) => {
            let length = reason.chars().count();
            if length < LEGAL_REASON_MIN {
                errors.push(
                    "legal_reason",
                    format!("Explain the risk of serious harm in at least {LEGAL_REASON_MIN} characters (you wrote {length})"),
                );
            } else if length > TEXT_MAX {
                errors.push("legal_reason", format!("The reason must be {TEXT_MAX} characters or fewer"));
            }
        }
        (None, None) => errors.push(
            "sections",
            "The carer has not agreed to share their plan with social work. Ask them: they can do it on their Sharing page",
        ),
        (None, Some(agreed)) => {
            let outside: Vec<String> = sections.iter().filter(|s| !agreed.contains(s)).map(|s| s.title(framework)).collect();
            if !outside.is_empty() {
                errors.push("sections", format!("The carer has not agreed to share these parts with social work: {}", outside.join(", ")));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    sections.sort_by_key(|s| Section::all(framework).iter().position(|a| a == s));
    Ok(ReferralRequest { sections, legal_reason: legal_reason.map(str::to_owned) })
}

/// One answer in a referral package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageAnswer {
    /// Where it belongs ("Person cared for: Mum").
    pub part: String,
    /// The question, in a few words ("what is happening now").
    pub question: String,
    /// The answer as the carer gave it.
    pub answer: String,
}

/// One section of a referral package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageSection {
    /// Its id ("area-health").
    pub id: String,
    /// Its title.
    pub title: String,
    /// Every answer given in it; none when the carer wrote nothing there.
    pub answers: Vec<PackageAnswer>,
}

/// The answers of a package's records, section by section, as social work
/// reads them: every field with a value, but none of the bookkeeping
/// ("have you finished", "I'd rather not talk about this").
pub fn package_sections(package: &Plan, sections: &[Section], framework: &Framework) -> Vec<PackageSection> {
    sections
        .iter()
        .map(|section| PackageSection {
            id: section.to_string(),
            title: section.title(framework),
            answers: package
                .records
                .iter()
                .filter(|r| Section::of(&r.key).as_ref() == Some(section))
                .flat_map(|r| {
                    let part = super::agreement::part_title(&r.key, package, framework);
                    r.key
                        .fields()
                        .iter()
                        .filter(|f| !matches!(f.name, "done" | "skip"))
                        .filter(|f| !r.get(f.name).trim().is_empty())
                        .map(move |f| PackageAnswer {
                            part: part.clone(),
                            question: f.what.to_owned(),
                            answer: super::agreement::readable(f, r.get(f.name).trim()),
                        })
                        .collect::<Vec<_>>()
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework() -> Framework {
        Framework::shipped("scotland").expect("the Scottish framework ships")
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_referral_needs_a_share_to_social_work_covering_every_section() {
        let framework = framework();
        let health = Section::parse("area-health", &framework).expect("health");
        let visible = vec![Section::AboutMe, health.clone()];
        let refused = check_referral(&ids(&["about-me"]), &visible, None, None, &framework).expect_err("no share to social work");
        assert!(refused.get("sections").is_some_and(|m| m.contains("has not agreed")), "{refused:?}");
        let agreed = vec![health.clone()];
        let refused =
            check_referral(&ids(&["about-me", "area-health"]), &visible, Some(&agreed), None, &framework).expect_err("one outside");
        assert!(refused.get("sections").is_some_and(|m| m.contains("About me")), "{refused:?}");
        let fine = check_referral(&ids(&["area-health", "area-health"]), &visible, Some(&agreed), None, &framework).expect("covered");
        assert_eq!(fine, ReferralRequest { sections: vec![health], legal_reason: None });
    }

    #[test]
    fn a_worker_refers_only_what_they_may_read_and_at_least_one_part() {
        let framework = framework();
        let visible = vec![Section::AboutMe];
        let all = Section::all(&framework);
        for chosen in [ids(&["area-finance"]), ids(&["made-up"])] {
            let refused = check_referral(&chosen, &visible, Some(&all), None, &framework).expect_err("not visible");
            assert!(refused.get("sections").is_some_and(|m| m.contains("shares with you")), "{refused:?}");
        }
        let refused = check_referral(&[], &visible, Some(&all), None, &framework).expect_err("nothing chosen");
        assert!(refused.get("sections").is_some_and(|m| m.contains("at least one")), "{refused:?}");
    }

    #[test]
    fn a_legal_reason_needs_a_justification_of_a_real_length_and_no_share() {
        let framework = framework();
        let visible = vec![Section::AboutMe];
        let short = "Risk of harm.";
        let refused = check_referral(&ids(&["about-me"]), &visible, None, Some(short), &framework).expect_err("too short");
        assert!(refused.get("legal_reason").is_some_and(|m| m.contains("at least 100 characters (you wrote 13)")), "{refused:?}");
        let blank = check_referral(&ids(&["about-me"]), &visible, None, Some("   "), &framework).expect_err("blank is no reason");
        assert!(blank.get("sections").is_some_and(|m| m.contains("has not agreed")), "{blank:?}");
        let reason = "The carer told me today that the person she cares for hit her last night and she fears it will happen again tonight.";
        let fine = check_referral(&ids(&["about-me"]), &visible, None, Some(reason), &framework).expect("a real reason");
        assert_eq!(fine.legal_reason.as_deref(), Some(reason));
    }

    #[test]
    fn a_package_holds_the_answers_of_exactly_its_sections() {
        use crate::domain::plan::{RecordKey, sample_record};
        let framework = framework();
        let health = Section::parse("area-health", &framework).expect("health");
        let package = Plan {
            records: vec![
                sample_record(RecordKey::Area("health".into()), &[("now", "No sleep"), ("rating", "critical"), ("done", "yes")]),
                sample_record(RecordKey::Breaks, &[("kind", "A weekend")]),
            ],
        };
        let sections = package_sections(&package, &[health], &framework);
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].id, "area-health");
        let said: Vec<(&str, &str)> = sections[0].answers.iter().map(|a| (a.question.as_str(), a.answer.as_str())).collect();
        assert_eq!(
            said,
            vec![("what is happening now", "No sleep"), ("how much caring affects this part of your life", "Critical impact")],
            "only answered questions, readable, and nothing of another section"
        );
    }
}
