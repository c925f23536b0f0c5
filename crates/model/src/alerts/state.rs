//! One rule's evaluation over time. Readings come in as messages arrive
//! ([`RuleState::observe`]); time passes in ticks ([`RuleState::tick`]),
//! which raise a `for_s` rule whose condition has held long enough and a
//! `stale_s` rule whose topic has gone quiet. Times are wall-clock
//! milliseconds, so that a state restored after a reload goes on from
//! where it was.

use super::{AlertRule, Condition};
use crate::value::Reading;

/// What an observation or a tick did to the alert.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// It rose, on this reading (none for a topic gone quiet).
    Raised(Option<Reading>),
    /// It cleared, on this reading (none when the rule went away).
    Cleared(Option<Reading>),
}

/// Where one rule stands.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleState {
    /// The alert is up.
    raised: bool,
    /// Since when the condition has held without a break, while not raised.
    holding_since_ms: Option<f64>,
    /// The reading it holds on, shown when a `for_s` rule rises at a tick.
    holding_reading: Option<Reading>,
    /// The last message (or, before one, when watching began).
    last_message_ms: f64,
}

impl RuleState {
    /// A rule watched from `now_ms` on; `raised` when its alert is still up
    /// from before (a reload), so that it clears rather than rises again.
    pub fn new(now_ms: f64, raised: bool) -> Self {
        RuleState { raised, holding_since_ms: None, holding_reading: None, last_message_ms: now_ms }
    }

    /// Whether the alert is up.
    pub fn raised(&self) -> bool {
        self.raised
    }

    /// A message arrived and reads `reading`.
    pub fn observe(&mut self, rule: &AlertRule, reading: &Reading, now_ms: f64) -> Option<Change> {
        self.last_message_ms = now_ms;
        let condition = rule.condition().ok()?;
        if self.raised {
            let ends =
                matches!(condition, Condition::Stale(_)) || condition.clears(reading, rule.hysteresis.unwrap_or(0.0));
            return ends.then(|| self.set_raised(false, Some(reading.clone())));
        }
        if !condition.holds(reading) {
            self.holding_since_ms = None;
            self.holding_reading = None;
            return None;
        }
        let since = *self.holding_since_ms.get_or_insert(now_ms);
        self.holding_reading = Some(reading.clone());
        self.rise_when_held(rule, since, now_ms)
    }

    /// Time passed: a held condition may have lasted `for_s`, a topic may
    /// have gone quiet for `stale_s`.
    pub fn tick(&mut self, rule: &AlertRule, now_ms: f64) -> Option<Change> {
        if self.raised {
            return None;
        }
        if let Ok(Condition::Stale(seconds)) = rule.condition() {
            let quiet = now_ms - self.last_message_ms >= f64::from(seconds) * 1000.0;
            return quiet.then(|| self.set_raised(true, None));
        }
        self.rise_when_held(rule, self.holding_since_ms?, now_ms)
    }

    fn rise_when_held(&mut self, rule: &AlertRule, since_ms: f64, now_ms: f64) -> Option<Change> {
        let needed_ms = f64::from(rule.for_s.unwrap_or(0)) * 1000.0;
        (now_ms - since_ms >= needed_ms).then(|| {
            let reading = self.holding_reading.take();
            self.set_raised(true, reading)
        })
    }

    fn set_raised(&mut self, raised: bool, reading: Option<Reading>) -> Change {
        self.raised = raised;
        self.holding_since_ms = None;
        self.holding_reading = None;
        if raised {
            Change::Raised(reading)
        } else {
            Change::Cleared(reading)
        }
    }
}
