//! The fixed answers a plan offers: who is responsible for an action, where
//! it has got to, what kind of outcome it is, yes or no, and so on.
//!
//! Each is an enum that carries its stored value and the words the carer
//! reads, so the form's radios, the server's check (`FieldKind::Choice`)
//! and the summary all read from one place. The stored values are what
//! existing plans already hold: never change one.

/// One fixed set of answers to a question.
pub trait Answer: Copy + Eq + Sized + 'static {
    /// Every answer, in the order the question offers them.
    const ALL: &'static [Self];

    /// The value stored in the plan.
    fn as_str(self) -> &'static str;

    /// What the carer reads beside the radio.
    fn label(self) -> &'static str;

    /// Reads a stored value; anything else is no answer.
    fn parse(value: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.as_str() == value)
    }
}

/// Declares an answer enum with its stored values and labels, plus
/// `VALUES`, the stored values as the field check wants them.
macro_rules! answers {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal => $label:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every stored value, in the order offered.
            pub const VALUES: &'static [&'static str] = &[$($value),+];
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                <$name as Answer>::parse(&value).ok_or_else(|| serde::de::Error::custom("not one of the answers offered"))
            }
        }

        impl Answer for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];

            fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $value, )+
                }
            }

            fn label(self) -> &'static str {
                match self {
                    $( $name::$variant => $label, )+
                }
            }
        }
    };
}

answers! {
    /// A plain yes or no (do you live together; skip this area).
    pub enum YesNo {
        /// Yes.
        Yes = "yes" => "Yes",
        /// No.
        No = "no" => "No",
    }
}

answers! {
    /// Yes, no, or not sure (is the person terminally ill; would a break help).
    pub enum YesNoNotSure {
        /// Yes.
        Yes = "yes" => "Yes",
        /// No.
        No = "no" => "No",
        /// The carer does not know.
        NotSure = "not-sure" => "I'm not sure",
    }
}

answers! {
    /// "Have you finished this section?"
    pub enum Finished {
        /// The section is done.
        Yes = "yes" => "Yes, I have finished this section",
        /// The carer will come back to it.
        No = "no" => "No, I will come back to it later",
    }
}

answers! {
    /// Who will carry out an action.
    pub enum Responsible {
        /// The carer.
        Me = "me" => "Me",
        /// Family or friends.
        FamilyOrFriends = "family-or-friends" => "Family or friends",
        /// The carers' centre.
        CarersCentre = "carers-centre" => "The carers' centre",
        /// Social work.
        SocialWork = "social-work" => "Social work",
        /// A community service.
        CommunityService = "community-service" => "A community service",
        /// Anyone else.
        Other = "other" => "Someone else",
    }
}

answers! {
    /// Where an action has got to.
    pub enum ActionStatus {
        /// Not begun (also what an action with no answer shows).
        NotStarted = "not-started" => "Not started",
        /// Under way.
        InProgress = "in-progress" => "In progress",
        /// Finished.
        Done = "done" => "Done",
    }
}

answers! {
    /// What the carer wants to happen to one part of their life.
    pub enum OutcomeKind {
        /// Keep it as it is.
        Maintain = "maintain" => "Keep it as it is",
        /// Change it.
        Change = "change" => "Change it",
        /// Improve it.
        Improve = "improve" => "Improve it",
    }
}

impl OutcomeKind {
    /// The one word the outcome lists lead with.
    pub fn short(self) -> &'static str {
        match self {
            OutcomeKind::Maintain => "Keep",
            OutcomeKind::Change => "Change",
            OutcomeKind::Improve => "Improve",
        }
    }
}

impl Answer for super::ImpactLevel {
    const ALL: &'static [Self] = &super::ImpactLevel::ALL;

    fn as_str(self) -> &'static str {
        super::ImpactLevel::as_str(self)
    }

    fn label(self) -> &'static str {
        super::ImpactLevel::label(self)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ACTION, AREA, BREAKS, DONE, FieldKind, ImpactLevel, OUTCOME, PERSON, RATINGS};
    use super::*;

    /// Every value survives storage, and `VALUES` lists exactly the answers.
    fn round_trips<A: Answer + std::fmt::Debug>(values: &[&str]) {
        let stored: Vec<&str> = A::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(stored, values);
        for a in A::ALL {
            assert_eq!(A::parse(a.as_str()), Some(*a));
            assert!(!a.label().is_empty());
        }
        assert_eq!(A::parse(""), None);
        assert_eq!(A::parse("Yes"), None, "stored values are lower case; labels are never stored");
    }

    #[test]
    fn every_answer_survives_storage() {
        round_trips::<YesNo>(YesNo::VALUES);
        round_trips::<YesNoNotSure>(YesNoNotSure::VALUES);
        round_trips::<Finished>(Finished::VALUES);
        round_trips::<Responsible>(Responsible::VALUES);
        round_trips::<ActionStatus>(ActionStatus::VALUES);
        round_trips::<OutcomeKind>(OutcomeKind::VALUES);
        round_trips::<ImpactLevel>(RATINGS);
    }

    #[test]
    fn stored_values_are_the_ones_existing_plans_hold() {
        assert_eq!(YesNo::VALUES, ["yes", "no"]);
        assert_eq!(YesNoNotSure::VALUES, ["yes", "no", "not-sure"]);
        assert_eq!(Finished::VALUES, ["yes", "no"]);
        assert_eq!(Responsible::VALUES, ["me", "family-or-friends", "carers-centre", "social-work", "community-service", "other"]);
        assert_eq!(ActionStatus::VALUES, ["not-started", "in-progress", "done"]);
        assert_eq!(OutcomeKind::VALUES, ["maintain", "change", "improve"]);
        assert_eq!(RATINGS, ["none", "low", "moderate", "substantial", "critical"]);
    }

    #[test]
    fn the_server_checks_choices_against_the_same_enums() {
        let choices = |fields: &[super::super::Field], name: &str| match fields.iter().find(|f| f.name == name).map(|f| f.kind) {
            Some(FieldKind::Choice(values)) => values.to_vec(),
            other => panic!("{name} is not a choice: {other:?}"),
        };
        assert_eq!(choices(PERSON, "live_together"), YesNo::VALUES);
        assert_eq!(choices(PERSON, "terminal"), YesNoNotSure::VALUES);
        assert_eq!(choices(BREAKS, "would_help"), YesNoNotSure::VALUES);
        assert_eq!(choices(AREA, "rating"), RATINGS);
        assert_eq!(choices(AREA, "skip"), YesNo::VALUES);
        assert_eq!(choices(OUTCOME, "kind"), OutcomeKind::VALUES);
        assert_eq!(choices(ACTION, "who"), Responsible::VALUES);
        assert_eq!(choices(ACTION, "status"), ActionStatus::VALUES);
        assert_eq!(choices(&[DONE], "done"), Finished::VALUES);
    }
}
