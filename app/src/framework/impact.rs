//! The impact scale: how much caring affects one area of a carer's life,
//! from no impact to critical. Every framework describes each area at each
//! of these levels, so the scale lives with the frameworks, and the plan's
//! rules use it from here: the frameworks never depend on the rules.

use serde::{Deserialize, Serialize};

/// How much caring affects one area of the carer's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImpactLevel {
    /// Caring has no impact.
    None,
    /// Caring has a low impact.
    Low,
    /// Caring has a moderate impact.
    Moderate,
    /// Caring has a substantial impact.
    Substantial,
    /// Caring has a critical impact.
    Critical,
}

impl ImpactLevel {
    /// Every level, from least to most.
    pub const ALL: [ImpactLevel; 5] =
        [ImpactLevel::None, ImpactLevel::Low, ImpactLevel::Moderate, ImpactLevel::Substantial, ImpactLevel::Critical];

    /// Position from 0 (no impact) to 4 (critical).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            ImpactLevel::None => "none",
            ImpactLevel::Low => "low",
            ImpactLevel::Moderate => "moderate",
            ImpactLevel::Substantial => "substantial",
            ImpactLevel::Critical => "critical",
        }
    }

    /// Reads a stored value.
    pub fn parse(s: &str) -> Option<ImpactLevel> {
        ImpactLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// As shown to the carer.
    pub fn label(self) -> &'static str {
        match self {
            ImpactLevel::None => "No impact",
            ImpactLevel::Low => "Low impact",
            ImpactLevel::Moderate => "Moderate impact",
            ImpactLevel::Substantial => "Substantial impact",
            ImpactLevel::Critical => "Critical impact",
        }
    }
}
