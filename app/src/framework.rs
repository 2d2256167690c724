//! Wellbeing frameworks as data. Each deployment uses one: Scotland's
//! (the default) or England's Care Act 2014 outcomes. Adding an area is a
//! change to a JSON file, not to code; the loader says exactly what is wrong
//! with a file that does not fit.

mod impact;

pub use impact::ImpactLevel;

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The Scottish framework, shipped with the product.
pub const SCOTLAND: &str = include_str!("framework/scotland.json");
/// England's Care Act 2014 outcomes, shipped with the product.
pub const ENGLAND: &str = include_str!("framework/england.json");

/// The deployment's one framework, shared by every page that shows it
/// rather than copied for each.
pub type Shared = std::sync::Arc<Framework>;

/// Sends a [`Shared`] framework as the framework itself
/// (`#[serde(with = "crate::framework::shared")]`).
pub mod shared {
    use super::{Framework, Shared};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the framework the `Arc` holds.
    pub fn serialize<S: Serializer>(framework: &Shared, serializer: S) -> Result<S::Ok, S::Error> {
        Framework::serialize(framework, serializer)
    }

    /// Reads a framework into a new `Arc`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Shared, D::Error> {
        Framework::deserialize(deserializer).map(Shared::new)
    }
}

/// Fewest and most gentle prompts an area may have.
pub const PROMPTS: std::ops::RangeInclusive<usize> = 2..=4;

/// A wellbeing framework: the areas a carer talks through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framework {
    /// Short id, e.g. `scotland`.
    pub id: String,
    /// The law it follows.
    pub name: String,
    /// One sentence for the carer.
    pub summary: String,
    /// Months from agreement to the default review date.
    pub review_months: u32,
    /// The areas, in the order they are talked through.
    pub areas: Vec<Area>,
}

/// One wellbeing area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    /// Used in addresses and storage: lower-case letters, digits and dashes.
    pub id: String,
    /// As shown to the carer.
    pub title: String,
    /// One line about what the area covers.
    pub summary: String,
    /// Gentle questions to think about.
    pub prompts: Vec<String>,
    /// What each impact level means in this area, from no impact to critical.
    pub descriptors: Vec<String>,
}

impl Area {
    /// The plain-English meaning of `level` in this area.
    pub fn descriptor(&self, level: ImpactLevel) -> &str {
        self.descriptors.get(level.index()).map(String::as_str).unwrap_or_default()
    }
}

/// What is wrong with a framework file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    /// Not JSON of the right shape.
    #[error("the framework file is not valid: {0}")]
    Unreadable(String),
    /// A rule about its content is broken; says where.
    #[error("framework '{framework}': {problem}")]
    Invalid {
        /// The framework's id.
        framework: String,
        /// What is wrong, and where.
        problem: String,
    },
}

impl Framework {
    /// Reads and checks a framework file.
    pub fn parse(json: &str) -> Result<Framework, FrameworkError> {
        let framework: Framework = serde_json::from_str(json).map_err(|e| FrameworkError::Unreadable(e.to_string()))?;
        framework.check()?;
        Ok(framework)
    }

    /// One of the frameworks shipped with the product, by id.
    pub fn shipped(id: &str) -> Result<Framework, FrameworkError> {
        match id {
            "scotland" => Framework::parse(SCOTLAND),
            "england" => Framework::parse(ENGLAND),
            other => Err(FrameworkError::Invalid {
                framework: other.to_owned(),
                problem: "no such framework: choose 'scotland' or 'england'".to_owned(),
            }),
        }
    }

    fn check(&self) -> Result<(), FrameworkError> {
        let fail = |problem: String| Err(FrameworkError::Invalid { framework: self.id.clone(), problem });
        if self.areas.is_empty() {
            return fail("it has no wellbeing areas".to_owned());
        }
        let mut seen = HashSet::new();
        for area in &self.areas {
            let ok_id = !area.id.is_empty() && area.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok_id {
                return fail(format!("area id '{}' must be lower-case letters, digits and dashes", area.id));
            }
            if !seen.insert(area.id.as_str()) {
                return fail(format!("area id '{}' is used twice", area.id));
            }
            if area.title.trim().is_empty() {
                return fail(format!("area '{}' has no title", area.id));
            }
            if !PROMPTS.contains(&area.prompts.len()) {
                return fail(format!(
                    "area '{}' has {} prompts; it needs between {} and {}",
                    area.id,
                    area.prompts.len(),
                    PROMPTS.start(),
                    PROMPTS.end()
                ));
            }
            if area.descriptors.len() != ImpactLevel::ALL.len() {
                return fail(format!(
                    "area '{}' has {} impact descriptors; it needs {}, one for each level from no impact to critical",
                    area.id,
                    area.descriptors.len(),
                    ImpactLevel::ALL.len()
                ));
            }
            if let Some(i) = area.descriptors.iter().position(|d| d.trim().is_empty()) {
                return fail(format!("area '{}' has an empty descriptor for '{}'", area.id, ImpactLevel::ALL[i].label()));
            }
        }
        Ok(())
    }

    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shipped_frameworks_load() {
        let scotland = Framework::shipped("scotland").unwrap();
        let titles: Vec<_> = scotland.areas.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Health and wellbeing",
                "Relationships",
                "Living environment",
                "Employment and training",
                "Finance",
                "Life balance",
                "Future planning"
            ]
        );
        assert_eq!(Framework::shipped("england").unwrap().areas.len(), 8);
    }

    #[test]
    fn each_level_has_its_own_descriptor() {
        let f = Framework::shipped("scotland").unwrap();
        let health = f.area("health").unwrap();
        assert_eq!(health.descriptor(ImpactLevel::None), "I feel well in body and mind.");
        assert_eq!(health.descriptor(ImpactLevel::Critical), "My health or my feelings have reached breaking point.");
    }

    fn with_first_area(change: impl FnOnce(&mut serde_json::Value)) -> Result<Framework, FrameworkError> {
        let mut value: serde_json::Value = serde_json::from_str(SCOTLAND).unwrap();
        change(&mut value["areas"][0]);
        Framework::parse(&value.to_string())
    }

    #[test]
    fn a_missing_descriptor_is_named_with_its_area() {
        let err = with_first_area(|a| {
            a["descriptors"].as_array_mut().unwrap().pop();
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "framework 'scotland': area 'health' has 4 impact descriptors; it needs 5, one for each level from no impact to critical"
        );
    }

    #[test]
    fn too_many_prompts_a_repeated_id_and_bad_json_are_each_explained() {
        let err = with_first_area(|a| a["prompts"] = serde_json::json!(["a", "b", "c", "d", "e"])).unwrap_err();
        assert!(err.to_string().contains("area 'health' has 5 prompts; it needs between 2 and 4"), "{err}");
        let err = with_first_area(|a| a["id"] = serde_json::json!("relationships")).unwrap_err();
        assert!(err.to_string().contains("area id 'relationships' is used twice"), "{err}");
        let err = with_first_area(|a| a["id"] = serde_json::json!("Health!")).unwrap_err();
        assert!(err.to_string().contains("must be lower-case"), "{err}");
        let err = Framework::parse("{ not json").unwrap_err();
        assert!(matches!(err, FrameworkError::Unreadable(_)));
        assert!(Framework::shipped("wales").is_err());
    }

    #[test]
    fn an_added_area_needs_no_code() {
        let mut value: serde_json::Value = serde_json::from_str(SCOTLAND).unwrap();
        let mut extra = value["areas"][0].clone();
        extra["id"] = serde_json::json!("digital-life");
        extra["title"] = serde_json::json!("Digital life");
        value["areas"].as_array_mut().unwrap().push(extra);
        let f = Framework::parse(&value.to_string()).unwrap();
        assert_eq!(f.areas.len(), 8);
        assert_eq!(f.area("digital-life").unwrap().title, "Digital life");
    }
}
