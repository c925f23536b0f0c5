//! Per-state looks: a widget's `states` list gives each state a label, a
//! colour and an icon, so "locked" can be red with a lock and "unlocked"
//! green. A state matches a payload or value (`match`), or a numeric range
//! (`min` inclusive, `max` exclusive); the first that matches wins.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::value::Reading;

/// The built-in icons a state can show (inline SVG, no downloads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Icon {
    Lamp,
    Lock,
    Door,
    Window,
    Power,
    Fan,
    Alarm,
    Plug,
    Thermometer,
    Droplet,
}

impl Icon {
    /// Every icon, in the order the form offers them.
    pub const ALL: [Icon; 10] = [
        Icon::Lamp,
        Icon::Lock,
        Icon::Door,
        Icon::Window,
        Icon::Power,
        Icon::Fan,
        Icon::Alarm,
        Icon::Plug,
        Icon::Thermometer,
        Icon::Droplet,
    ];

    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Icon::Lamp => "lamp",
            Icon::Lock => "lock",
            Icon::Door => "door",
            Icon::Window => "window",
            Icon::Power => "power",
            Icon::Fan => "fan",
            Icon::Alarm => "alarm",
            Icon::Plug => "plug",
            Icon::Thermometer => "thermometer",
            Icon::Droplet => "droplet",
        }
    }
}

/// How one state looks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateLook {
    /// The payload or value that is this state (text, number or boolean).
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub matches: Option<Value>,
    /// A numeric range instead: from this value on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// A numeric range instead: below this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// What the card says; absent: the payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A CSS colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// A built-in icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Icon>,
}

impl StateLook {
    /// Whether `reading` is this state.
    pub fn matches(&self, reading: &Reading) -> bool {
        if matches!(reading, Reading::Missing(_)) {
            return false;
        }
        if let Some(expected) = &self.matches {
            return reading.equals_value(expected);
        }
        if self.min.is_none() && self.max.is_none() {
            return false;
        }
        reading
            .as_number()
            .is_some_and(|number| self.min.is_none_or(|min| number >= min) && self.max.is_none_or(|max| number < max))
    }

    /// The text for `reading` in this state: the label, else the payload.
    pub fn label_for(&self, reading: &Reading) -> String {
        self.label.clone().unwrap_or_else(|| reading.display_text())
    }

    /// What is wrong with this state as a file gives it.
    pub fn problem(&self) -> Option<String> {
        match (&self.matches, self.min, self.max) {
            (None, None, None) => Some("needs \"match\", or \"min\" and/or \"max\"".into()),
            (_, Some(min), Some(max)) if min >= max => Some(format!("max ({max}) must be above min ({min})")),
            _ => None,
        }
    }
}

impl StateLook {
    /// The state as the widget form keeps it, one line:
    /// `match | label | #colour | icon`, where a range is `min..max`
    /// (either end may be left out).
    pub fn to_line(&self) -> String {
        let number = |value: Option<f64>| value.map(|number| number.to_string()).unwrap_or_default();
        let matched = match &self.matches {
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
            None => format!("{}..{}", number(self.min), number(self.max)),
        };
        let parts = [
            matched,
            self.label.clone().unwrap_or_default(),
            self.color.clone().unwrap_or_default(),
            self.icon.map(|icon| icon.name().to_owned()).unwrap_or_default(),
        ];
        parts.join(" | ").trim_end_matches([' ', '|']).to_owned()
    }

    /// Reads a line written by [`StateLook::to_line`]; `20..50` is a
    /// range, a number matches a number, anything else matches as text.
    pub fn from_line(line: &str) -> Result<StateLook, String> {
        let mut parts = line.split('|').map(str::trim);
        let matched = parts.next().unwrap_or_default();
        let optional = |part: Option<&str>| part.filter(|part| !part.is_empty()).map(str::to_owned);
        let (label, color, icon) = (optional(parts.next()), optional(parts.next()), optional(parts.next()));
        let icon = match icon {
            Some(name) => Some(
                Icon::ALL
                    .into_iter()
                    .find(|icon| icon.name() == name)
                    .ok_or_else(|| format!("no icon named {name:?}"))?,
            ),
            None => None,
        };
        let bound = |text: &str| -> Result<Option<f64>, String> {
            if text.trim().is_empty() {
                return Ok(None);
            }
            crate::number::parse_number(text).map(Some).ok_or_else(|| format!("{text:?} is not a number"))
        };
        let (matches, min, max) = match matched.split_once("..") {
            Some((low, high)) => (None, bound(low)?, bound(high)?),
            None if matched.is_empty() => return Err("a state needs a payload or a range".into()),
            None => (Some(match_value(matched)), None, None),
        };
        Ok(StateLook { matches, min, max, label, color, icon })
    }
}

/// A payload or value typed into the form: a number matches a number,
/// anything else matches as text.
pub fn match_value(text: &str) -> Value {
    let number = text
        .parse::<i64>()
        .map(serde_json::Number::from)
        .ok()
        .or_else(|| crate::number::parse_number(text).and_then(serde_json::Number::from_f64));
    number.map_or_else(|| Value::String(text.to_owned()), Value::Number)
}

/// The first of `states` that `reading` is.
pub fn look_for<'a>(states: &'a [StateLook], reading: &Reading) -> Option<&'a StateLook> {
    states.iter().find(|state| state.matches(reading))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn states(json: &str) -> Vec<StateLook> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_payload_a_number_or_a_range_picks_the_state_and_the_first_match_wins() {
        let looks = states(
            r##"[{"match":"LOCKED","label":"Locked","color":"#c62828","icon":"lock"},
                {"match":1,"label":"One"},
                {"match":true,"label":"Yes"},
                {"min":0,"max":20,"label":"Low"},
                {"min":20,"label":"High"},
                {"min":50,"label":"never: High comes first"}]"##,
        );
        let label = |reading: Reading| look_for(&looks, &reading).map(|state| state.label_for(&reading));
        assert_eq!(label(Reading::Text("LOCKED".into())), Some("Locked".into()));
        assert_eq!(look_for(&looks, &Reading::Text("LOCKED".into())).unwrap().icon, Some(Icon::Lock));
        assert_eq!(label(Reading::Number(1.0)), Some("One".into()), "a number matches a number");
        assert_eq!(label(Reading::Text("true".into())), Some("Yes".into()));
        assert_eq!(label(Reading::Number(0.0)), Some("Low".into()), "min is inclusive");
        assert_eq!(label(Reading::Number(20.0)), Some("High".into()), "max is exclusive");
        assert_eq!(label(Reading::Number(75.0)), Some("High".into()));
        assert_eq!(label(Reading::Number(-1.0)), None);
        assert_eq!(label(Reading::Text("unlocked".into())), None, "matching is exact");
    }

    #[test]
    fn a_state_without_a_label_shows_the_payload_and_bad_states_are_named() {
        let looks = states(r#"[{"match":"open","color":"green"}]"#);
        let reading = Reading::Text("open".into());
        assert_eq!(look_for(&looks, &reading).unwrap().label_for(&reading), "open");
        assert!(states(r#"[{"label":"x"}]"#)[0].problem().unwrap().contains("match"));
        assert!(states(r#"[{"min":5,"max":5}]"#)[0].problem().unwrap().contains("above min"));
        assert_eq!(states(r#"[{"max":5}]"#)[0].problem(), None);
        assert!(serde_json::from_str::<Vec<StateLook>>(r#"[{"match":"a","icon":"rocket"}]"#).is_err(), "unknown icon");
    }

    #[test]
    fn states_round_trip_through_the_form_lines() {
        let looks = states(
            r##"[{"match":"LOCKED","label":"Locked","color":"#c62828","icon":"lock"},
                {"match":2},{"min":20,"max":50,"label":"Mid"},{"min":50,"icon":"fan"}]"##,
        );
        let lines: Vec<String> = looks.iter().map(StateLook::to_line).collect();
        assert_eq!(lines, ["LOCKED | Locked | #c62828 | lock", "2", "20..50 | Mid", "50.. |  |  | fan"]);
        let again: Vec<StateLook> = lines.iter().map(|line| StateLook::from_line(line).unwrap()).collect();
        assert_eq!(again, looks);
        assert!(StateLook::from_line("a | b | c | rocket").unwrap_err().contains("rocket"));
        assert!(StateLook::from_line("x..5").unwrap_err().contains("not a number"));
        assert!(StateLook::from_line(" | Label").is_err());
    }
}
