//! Alert rules on a widget's value, and what became of them. A widget's
//! `alerts` list holds rules such as `{ "above": 30 }`, `{ "below": 5 }`,
//! `{ "equals": "open" }` or `{ "stale_s": 60 }`; each may add
//! `hysteresis` (how far back the value must come before the alert
//! clears), `for_s` (how long the condition must hold before it rises),
//! a `label` and `notify`.
//!
//! - `rule.rs`: the rule as a file gives it, its checks and its words;
//! - `line.rs`: the rule as one line of the widget form;
//! - `state.rs`: one rule's evaluation over time ([`RuleState`]);
//! - `log.rs`: the alerts raised, acknowledged and cleared ([`AlertLog`]).

mod line;
mod log;
mod rule;
mod state;

pub use log::{AlertEntry, AlertLog, AlertState, RuleKey, PAST_CAPACITY};
pub use rule::{AlertRule, Condition};
pub use state::{Change, RuleState};

#[cfg(test)]
mod tests;
