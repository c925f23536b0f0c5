//! One alert rule as the settings file holds it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::value::{format_number, Reading};

/// A rule on a widget's value (see the module docs and
/// `docs/dashboard-format.md`). Exactly one of `above`, `below`, `equals`
/// and `stale_s` is the condition.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertRule {
    /// Rises when the value is above this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    /// Rises when the value is below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    /// Rises when the payload or value is this (text, number or boolean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<Value>,
    /// Rises when no message came for this many seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_s: Option<u32>,
    /// How far back past the limit the value must come before the alert
    /// clears (`above`, `below`), so a value near the limit does not flap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hysteresis: Option<f64>,
    /// Seconds the condition must hold before the alert rises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_s: Option<u32>,
    /// What the alert is called; absent: made from the condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Show a browser notification when it rises (once the user allowed them).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notify: bool,
}

/// What a rule watches for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Condition<'a> {
    /// The value is above the limit.
    Above(f64),
    /// The value is below the limit.
    Below(f64),
    /// The payload or value is this.
    Equals(&'a Value),
    /// No message for this many seconds.
    Stale(u32),
}

impl AlertRule {
    /// The rule's condition, or why it has none (or more than one).
    pub fn condition(&self) -> Result<Condition<'_>, String> {
        let conditions = [
            self.above.map(Condition::Above),
            self.below.map(Condition::Below),
            self.equals.as_ref().map(Condition::Equals),
            self.stale_s.map(Condition::Stale),
        ];
        let mut given = conditions.into_iter().flatten();
        match (given.next(), given.next()) {
            (Some(condition), None) => Ok(condition),
            (None, _) => Err("needs one of \"above\", \"below\", \"equals\" or \"stale_s\"".into()),
            (Some(_), Some(_)) => {
                Err("has more than one of \"above\", \"below\", \"equals\" and \"stale_s\"; give each its own rule"
                    .into())
            }
        }
    }

    /// What is wrong with this rule as a file gives it.
    pub fn problem(&self) -> Option<String> {
        let condition = match self.condition() {
            Ok(condition) => condition,
            Err(problem) => return Some(problem),
        };
        if let Condition::Equals(expected) = condition {
            if !matches!(expected, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
                return Some("\"equals\" must be text, a number or true/false".into());
            }
        }
        if matches!(condition, Condition::Stale(0)) {
            return Some("\"stale_s\" must be at least 1".into());
        }
        if self.hysteresis.is_some_and(|band| !(band >= 0.0 && band.is_finite())) {
            return Some("\"hysteresis\" must be 0 or more".into());
        }
        if self.hysteresis.is_some() && !matches!(condition, Condition::Above(_) | Condition::Below(_)) {
            return Some("\"hysteresis\" applies to \"above\" and \"below\" only".into());
        }
        None
    }

    /// The rule in words, with the widget's `unit`: "above 30 °C",
    /// "no message for 60 s", or its label.
    pub fn describe(&self, unit: Option<&str>) -> String {
        if let Some(label) = &self.label {
            return label.clone();
        }
        let with_unit = |limit: f64| match unit {
            Some(unit) => format!("{} {unit}", format_number(limit, None)),
            None => format_number(limit, None),
        };
        match self.condition() {
            Ok(Condition::Above(limit)) => format!("above {}", with_unit(limit)),
            Ok(Condition::Below(limit)) => format!("below {}", with_unit(limit)),
            Ok(Condition::Equals(expected)) => match expected {
                Value::String(text) => format!("is {text}"),
                other => format!("is {other}"),
            },
            Ok(Condition::Stale(seconds)) => format!("no message for {seconds} s"),
            Err(problem) => problem,
        }
    }
}

impl Condition<'_> {
    /// Whether `reading` meets the condition (raises the alert, after `for_s`).
    pub fn holds(self, reading: &Reading) -> bool {
        match self {
            Condition::Above(limit) => reading.as_number().is_some_and(|value| value > limit),
            Condition::Below(limit) => reading.as_number().is_some_and(|value| value < limit),
            Condition::Equals(expected) => reading.equals_value(expected),
            Condition::Stale(_) => false,
        }
    }

    /// Whether `reading` ends a raised alert: back past the limit by
    /// `hysteresis`, or no longer equal. A reading that is not a number
    /// ends neither `above` nor `below`.
    pub fn clears(self, reading: &Reading, hysteresis: f64) -> bool {
        match self {
            Condition::Above(limit) => reading.as_number().is_some_and(|value| value <= limit - hysteresis),
            Condition::Below(limit) => reading.as_number().is_some_and(|value| value >= limit + hysteresis),
            Condition::Equals(expected) => !matches!(reading, Reading::Missing(_)) && !reading.equals_value(expected),
            Condition::Stale(_) => true,
        }
    }
}
