//! How much history the browser keeps (chart points, each topic's last
//! message and the explorer's messages, in IndexedDB): the file's top-level
//! `"history"` object, read from the fields the settings keep as they were.
//! Absent fields take the defaults; a wrong value is refused when the file
//! is read, naming it.

use serde_json::{Map, Value};

/// Points kept in all, by default.
pub const DEFAULT_MAX_POINTS: u32 = 1_000_000;
/// Days kept, by default.
pub const DEFAULT_MAX_AGE_DAYS: f64 = 7.0;
/// Megabytes of the explorer's messages kept, by default (as much as one
/// connection's explorer holds in memory).
pub const DEFAULT_MAX_EXPLORER_MB: u32 = 8;
const EXPLORER_MB_RANGE: (u32, u32) = (1, 256);
/// A last message larger than this is not kept (a camera frame, say).
pub const MAX_KEPT_PAYLOAD: usize = 1024 * 1024;
const POINTS_RANGE: (u32, u32) = (1_000, 10_000_000);
const MAX_AGE_DAYS: f64 = 366.0;

/// The limits of the stored history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistoryLimits {
    /// Whether history is kept at all (`"enabled": false` keeps nothing).
    pub enabled: bool,
    /// Chart points kept in all series together; the oldest go first.
    pub max_points: u32,
    /// Chart points and explorer messages older than this many days are
    /// dropped (last messages are kept until replaced, and show stale).
    pub max_age_days: f64,
    /// Megabytes of explorer messages kept; the oldest go first.
    pub max_explorer_mb: u32,
}

impl Default for HistoryLimits {
    fn default() -> Self {
        HistoryLimits {
            enabled: true,
            max_points: DEFAULT_MAX_POINTS,
            max_age_days: DEFAULT_MAX_AGE_DAYS,
            max_explorer_mb: DEFAULT_MAX_EXPLORER_MB,
        }
    }
}

impl HistoryLimits {
    /// The limits in a file's top-level fields: `Err((field, problem))` for
    /// a value of the wrong type or out of range.
    pub fn from_fields(fields: &Map<String, Value>) -> Result<Self, (String, String)> {
        let mut limits = HistoryLimits::default();
        let Some(history) = fields.get("history") else { return Ok(limits) };
        let problem = |field: &str, text: &str| (format!("history.{field}"), text.to_owned());
        let Some(history) = history.as_object() else {
            return Err(("history".into(), "expected an object such as {\"max_points\": 1000000}".into()));
        };
        if let Some(enabled) = history.get("enabled") {
            limits.enabled = enabled.as_bool().ok_or_else(|| problem("enabled", "expected true or false"))?;
        }
        if let Some(points) = history.get("max_points") {
            limits.max_points = points
                .as_u64()
                .filter(|points| (u64::from(POINTS_RANGE.0)..=u64::from(POINTS_RANGE.1)).contains(points))
                .map(|points| points as u32)
                .ok_or_else(|| problem("max_points", "expected a whole number from 1000 to 10000000"))?;
        }
        if let Some(megabytes) = history.get("max_explorer_mb") {
            limits.max_explorer_mb = megabytes
                .as_u64()
                .filter(|megabytes| {
                    (u64::from(EXPLORER_MB_RANGE.0)..=u64::from(EXPLORER_MB_RANGE.1)).contains(megabytes)
                })
                .map(|megabytes| megabytes as u32)
                .ok_or_else(|| problem("max_explorer_mb", "expected a whole number from 1 to 256"))?;
        }
        if let Some(days) = history.get("max_age_days") {
            limits.max_age_days = days
                .as_f64()
                .filter(|days| *days > 0.0 && *days <= MAX_AGE_DAYS)
                .ok_or_else(|| problem("max_age_days", "expected a number of days above 0 and up to 366"))?;
        }
        Ok(limits)
    }

    /// The age limit in milliseconds.
    pub fn max_age_ms(&self) -> f64 {
        self.max_age_days * 86_400_000.0
    }

    /// The explorer's byte limit.
    pub fn max_message_bytes(&self) -> f64 {
        f64::from(self.max_explorer_mb) * 1024.0 * 1024.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn absent_fields_take_the_defaults_and_given_ones_are_read() {
        assert_eq!(HistoryLimits::from_fields(&fields("{}")), Ok(HistoryLimits::default()));
        let limits = HistoryLimits::from_fields(&fields(
            r#"{"history": {"max_points": 50000, "max_age_days": 0.5, "max_explorer_mb": 2}}"#,
        ));
        assert_eq!(
            limits,
            Ok(HistoryLimits { enabled: true, max_points: 50_000, max_age_days: 0.5, max_explorer_mb: 2 })
        );
        let limits = limits.unwrap();
        assert_eq!((limits.max_age_ms(), limits.max_message_bytes()), (43_200_000.0, 2_097_152.0));
        let off = HistoryLimits::from_fields(&fields(r#"{"history": {"enabled": false}}"#)).unwrap();
        assert!(!off.enabled);
    }

    #[test]
    fn wrong_values_are_named() {
        let field_of = |json: &str| HistoryLimits::from_fields(&fields(json)).unwrap_err().0;
        assert_eq!(field_of(r#"{"history": 7}"#), "history");
        assert_eq!(field_of(r#"{"history": {"max_points": 10}}"#), "history.max_points");
        assert_eq!(field_of(r#"{"history": {"max_points": 1.5e3}}"#), "history.max_points");
        assert_eq!(field_of(r#"{"history": {"max_age_days": 0}}"#), "history.max_age_days");
        assert_eq!(field_of(r#"{"history": {"enabled": "yes"}}"#), "history.enabled");
        assert_eq!(field_of(r#"{"history": {"max_explorer_mb": 0}}"#), "history.max_explorer_mb");
        assert_eq!(field_of(r#"{"history": {"max_explorer_mb": 1024}}"#), "history.max_explorer_mb");
    }
}
