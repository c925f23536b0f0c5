//! An alert rule as one line of the widget form:
//! `above 30 | hysteresis 1 | for 5 | notify | label Too hot`. The
//! condition comes first (`above`, `below`, `equals`, `stale`), then any
//! of the options, in any order.

use super::{AlertRule, Condition};
use crate::dashboard::match_value;
use crate::number::parse_number;

impl AlertRule {
    /// The rule as a form line.
    pub fn to_line(&self) -> String {
        let mut parts = vec![match self.condition() {
            Ok(Condition::Above(limit)) => format!("above {limit}"),
            Ok(Condition::Below(limit)) => format!("below {limit}"),
            Ok(Condition::Equals(serde_json::Value::String(text))) => format!("equals {text}"),
            Ok(Condition::Equals(other)) => format!("equals {other}"),
            Ok(Condition::Stale(seconds)) => format!("stale {seconds}"),
            Err(_) => String::new(),
        }];
        parts.extend(self.hysteresis.map(|band| format!("hysteresis {band}")));
        parts.extend(self.for_s.map(|seconds| format!("for {seconds}")));
        parts.extend(self.notify.then(|| "notify".to_owned()));
        parts.extend(self.label.as_ref().map(|label| format!("label {label}")));
        parts.join(" | ")
    }

    /// Reads a line written by [`AlertRule::to_line`].
    pub fn from_line(line: &str) -> Result<AlertRule, String> {
        let mut rule = AlertRule::default();
        for (index, part) in line.split('|').map(str::trim).enumerate() {
            let (word, rest) = part.split_once(' ').map_or((part, ""), |(word, rest)| (word, rest.trim()));
            let number = || parse_number(rest).ok_or_else(|| format!("{word} needs a number, not {rest:?}"));
            let seconds = || rest.parse::<u32>().map_err(|_| format!("{word} needs whole seconds, not {rest:?}"));
            match (index, word) {
                (0, "above") => rule.above = Some(number()?),
                (0, "below") => rule.below = Some(number()?),
                (0, "equals") if !rest.is_empty() => rule.equals = Some(match_value(rest)),
                (0, "stale") => rule.stale_s = Some(seconds()?),
                (0, _) => return Err(format!("{part:?}: start with above, below, equals or stale")),
                (_, "hysteresis") => rule.hysteresis = Some(number()?),
                (_, "for") => rule.for_s = Some(seconds()?),
                (_, "notify") if rest.is_empty() => rule.notify = true,
                (_, "label") if !rest.is_empty() => rule.label = Some(rest.to_owned()),
                _ => return Err(format!("{part:?}: use hysteresis N, for N, notify or label …")),
            }
        }
        match rule.problem() {
            Some(problem) => Err(problem),
            None => Ok(rule),
        }
    }
}
