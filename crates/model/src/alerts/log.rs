//! The alerts raised, acknowledged and cleared: what the Alerts screen
//! lists, the navigation counts and the browser keeps across a reload.
//! Newest first; at most one open alert per rule; cleared alerts are kept
//! up to [`PAST_CAPACITY`], the oldest dropped first.

use serde::Serialize;
use serde_json::Value;

/// How many cleared alerts are kept.
pub const PAST_CAPACITY: usize = 200;

/// Which rule: its dashboard, its widget and its place in the widget's list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RuleKey {
    /// The dashboard id (widget ids are unique within a dashboard).
    pub dashboard: String,
    /// The widget id.
    pub widget: String,
    /// The rule's index in the widget's `alerts`.
    pub index: usize,
}

impl RuleKey {
    /// The value of `data-alert-rule`: `<widget id>:<rule index>`.
    pub fn hook(&self) -> String {
        format!("{}:{}", self.widget, self.index)
    }
}

/// Where an alert stands, as `data-alert-state` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertState {
    /// Up, and nobody has acknowledged it.
    Active,
    /// Up, and acknowledged.
    Acknowledged,
    /// Over.
    Cleared,
}

impl AlertState {
    /// The hook value.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::Active => "active",
            AlertState::Acknowledged => "acknowledged",
            AlertState::Cleared => "cleared",
        }
    }
}

/// One alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertEntry {
    /// Unique within the log, for keyed lists.
    pub id: u64,
    /// The rule that raised it.
    pub rule: RuleKey,
    /// What it is, in words ("Greenhouse: above 30 °C").
    pub title: String,
    /// The value it rose on, as shown.
    pub value: String,
    /// When it rose (ms since the epoch).
    pub raised_at: f64,
    /// When someone acknowledged it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<f64>,
    /// When it cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleared_at: Option<f64>,
    /// The value it cleared on, as shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleared_value: Option<String>,
}

impl AlertEntry {
    fn from_value(value: &Value) -> Option<AlertEntry> {
        let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
        let time = |name: &str| value.get(name).and_then(Value::as_f64);
        let rule = value.get("rule")?;
        let rule = RuleKey {
            dashboard: rule.get("dashboard")?.as_str()?.to_owned(),
            widget: rule.get("widget")?.as_str()?.to_owned(),
            index: usize::try_from(rule.get("index")?.as_u64()?).ok()?,
        };
        Some(AlertEntry {
            id: value.get("id")?.as_u64()?,
            rule,
            title: text("title")?,
            value: text("value")?,
            raised_at: time("raised_at")?,
            acknowledged_at: time("acknowledged_at"),
            cleared_at: time("cleared_at"),
            cleared_value: text("cleared_value"),
        })
    }

    /// Where it stands.
    pub fn state(&self) -> AlertState {
        match (self.cleared_at, self.acknowledged_at) {
            (Some(_), _) => AlertState::Cleared,
            (None, Some(_)) => AlertState::Acknowledged,
            (None, None) => AlertState::Active,
        }
    }
}

/// Every alert the browser remembers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AlertLog {
    /// Newest first.
    pub entries: Vec<AlertEntry>,
    /// The next entry's id.
    pub next_id: u64,
}

impl AlertLog {
    /// Reads a log written by `serde_json::to_string`. Read by hand from
    /// the JSON value rather than by a derived reader, which cost the
    /// bundle six times as much; an entry that is not whole is skipped.
    pub fn from_json(text: &str) -> Result<AlertLog, String> {
        let value: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
        let entries = value.get("entries").and_then(Value::as_array).ok_or("it has no list of entries")?;
        let entries: Vec<AlertEntry> = entries.iter().filter_map(AlertEntry::from_value).collect();
        let next_id = value.get("next_id").and_then(Value::as_u64).unwrap_or(0);
        let next_id = entries.iter().map(|entry| entry.id + 1).fold(next_id, u64::max);
        Ok(AlertLog { entries, next_id })
    }

    /// The open (not cleared) alert of `rule`, if any.
    pub fn open(&self, rule: &RuleKey) -> Option<&AlertEntry> {
        self.entries.iter().find(|entry| entry.cleared_at.is_none() && entry.rule == *rule)
    }

    /// Records that `rule` rose; a rule already open stays as it is.
    pub fn raise(&mut self, rule: RuleKey, title: String, value: String, at_ms: f64) {
        if self.open(&rule).is_some() {
            return;
        }
        let id = self.next_id;
        self.next_id += 1;
        let entry = AlertEntry {
            id,
            rule,
            title,
            value,
            raised_at: at_ms,
            acknowledged_at: None,
            cleared_at: None,
            cleared_value: None,
        };
        self.entries.insert(0, entry);
    }

    /// Records that `rule`'s open alert cleared; true when there was one.
    pub fn clear(&mut self, rule: &RuleKey, value: Option<String>, at_ms: f64) -> bool {
        let Some(entry) = self.entries.iter_mut().find(|entry| entry.cleared_at.is_none() && entry.rule == *rule)
        else {
            return false;
        };
        entry.cleared_at = Some(at_ms);
        entry.cleared_value = value;
        let mut cleared = 0;
        self.entries.retain(|entry| {
            cleared += usize::from(entry.cleared_at.is_some());
            entry.cleared_at.is_none() || cleared <= PAST_CAPACITY
        });
        true
    }

    /// Acknowledges the open alert `id`; true when it changed.
    pub fn acknowledge(&mut self, id: u64, at_ms: f64) -> bool {
        let entry = self.entries.iter_mut().find(|entry| entry.id == id && entry.state() == AlertState::Active);
        entry.map(|entry| entry.acknowledged_at = Some(at_ms)).is_some()
    }

    /// Acknowledges every active alert; how many there were.
    pub fn acknowledge_all(&mut self, at_ms: f64) -> usize {
        let active = self.entries.iter_mut().filter(|entry| entry.state() == AlertState::Active);
        active.map(|entry| entry.acknowledged_at = Some(at_ms)).count()
    }

    /// Forgets every cleared alert.
    pub fn forget_past(&mut self) {
        self.entries.retain(|entry| entry.cleared_at.is_none());
    }

    /// How many alerts are up and not yet acknowledged (the navigation's badge).
    pub fn active_count(&self) -> usize {
        self.entries.iter().filter(|entry| entry.state() == AlertState::Active).count()
    }
}
