//! Alerts, evaluated for every widget with rules on every dashboard, on
//! screen or not. Each widget's state topic is read through the same
//! shared reading its card shows, transformed the same way, once per frame
//! in which a message came; the page's one-second clock raises `for_s`
//! and `stale_s` rules in between. What rises and clears goes into
//! [`AppState::alerts`], which is kept in localStorage, so alerts and their
//! state survive a reload. A rule with `notify` also shows a browser
//! notification and plays the sound, where the person turned them on.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use super::router::Sample;
use super::Connections;
use crate::model::alerts::{AlertLog, Change, RuleKey, RuleState};
use crate::model::dashboard::format_reading;
use crate::model::transform::Transform;
use crate::model::value::Reading;
use crate::model::{Dashboard, Widget};
use crate::state::AppState;
use crate::web::clock::{wall_now_ms, wall_origin_ms};
use crate::web::{local_storage, notify};

/// localStorage key of the alert log.
const LOG_KEY: &str = "mqtt-deck.alerts.v1";
/// localStorage key: "on" when the person turned notifications on.
pub const NOTIFY_KEY: &str = "mqtt-deck.alerts.notify";
/// localStorage key: "on" when the person turned the alert sound on.
pub const SOUND_KEY: &str = "mqtt-deck.alerts.sound";

/// One widget's rules and where each stands.
struct WatchedWidget {
    dashboard: String,
    widget: Widget,
    latest: ArcRwSignal<Option<Sample>>,
    reading: ArcRwSignal<Option<Reading>>,
    transform: Option<Transform>,
    /// The arrival time of the last sample evaluated.
    seen_at_ms: f64,
    states: Vec<RuleState>,
}

impl WatchedWidget {
    fn key(&self, index: usize) -> RuleKey {
        RuleKey { dashboard: self.dashboard.clone(), widget: self.widget.id.clone(), index }
    }
}

/// Starts evaluating the rules of every dashboard, for the app's life.
pub fn watch(state: AppState, connections: Connections) {
    state.alerts.set(load_log(state));
    let wall_origin = wall_origin_ms();
    let watched: Rc<RefCell<Vec<WatchedWidget>>> = Rc::default();
    let revision = RwSignal::new(0_u64);
    Effect::new({
        let watched = watched.clone();
        move |_| {
            let now = wall_now_ms();
            state.dashboards.with(|dashboards| {
                let kept = rebuild(&mut watched.borrow_mut(), dashboards, connections, state, now);
                // Rules deleted (or their widget): their open alerts end. Not
                // while the settings are still loading, when there are none.
                if dashboards.is_empty() {
                    return;
                }
                let orphans: Vec<RuleKey> = state.alerts.with_untracked(|log| {
                    let open = log.entries.iter().filter(|entry| entry.cleared_at.is_none());
                    open.filter(|entry| !kept.contains(&entry.rule)).map(|entry| entry.rule.clone()).collect()
                });
                if !orphans.is_empty() {
                    state.alerts.update(|log| {
                        for rule in &orphans {
                            log.clear(rule, Some("the rule was removed".into()), now);
                        }
                    });
                }
            });
            revision.update(|revision| *revision += 1);
        }
    });
    crate::reactive::effect(move || {
        revision.track();
        let now = wall_origin + state.clock_ms.get();
        let mut changes = Vec::new();
        for watch in watched.borrow_mut().iter_mut() {
            let arrived =
                watch.latest.with(|sample| sample.as_ref().map(|sample| (sample.at_ms, sample.payload.clone())));
            let fresh = arrived.filter(|(at_ms, _)| *at_ms > watch.seen_at_ms);
            let reading = fresh.and_then(|(at_ms, payload)| {
                watch.seen_at_ms = at_ms;
                let reading = watch.reading.get_untracked()?;
                let reading = match &watch.transform {
                    Some(transform) => transform.apply(&reading, &payload),
                    None => reading,
                };
                Some((reading, wall_origin + at_ms))
            });
            let rules = watch.widget.alerts.iter().zip(&mut watch.states).enumerate();
            let changed: Vec<(usize, Change)> = rules
                .filter_map(|(index, (rule, rule_state))| {
                    let observed = reading.as_ref().and_then(|(reading, at)| rule_state.observe(rule, reading, *at));
                    observed.or_else(|| rule_state.tick(rule, now)).map(|change| (index, change))
                })
                .collect();
            changes.extend(changed.into_iter().map(|(index, change)| describe(watch, index, change)));
        }
        if !changes.is_empty() {
            record(state, changes, now);
        }
    });
    Effect::new(move |previous: Option<()>| {
        let text = state.alerts.with(serde_json::to_string);
        if let (Some(()), Ok(text), Some(storage)) = (previous, text, local_storage()) {
            if let Err(error) = storage.set_item(LOG_KEY, &text) {
                web_sys::console::error_1(&error);
            }
        }
    });
}

/// Watches every widget with rules; a widget unchanged since the last
/// rebuild keeps its rules' states. Returns every rule watched.
fn rebuild(
    watched: &mut Vec<WatchedWidget>,
    dashboards: &[Dashboard],
    connections: Connections,
    state: AppState,
    now: f64,
) -> Vec<RuleKey> {
    let mut before = std::mem::take(watched);
    for dashboard in dashboards {
        for widget in dashboard.widgets.iter().filter(|widget| !widget.alerts.is_empty()) {
            let Some(topic) = &widget.topic else { continue };
            let same = before.iter().position(|old| old.dashboard == dashboard.id && old.widget == *widget);
            if let Some(index) = same {
                watched.push(before.swap_remove(index));
                continue;
            }
            let signals = connections.topic(&widget.connection, topic, widget.value_path.as_deref());
            let mut watch = WatchedWidget {
                dashboard: dashboard.id.clone(),
                widget: widget.clone(),
                latest: signals.latest,
                reading: signals.reading,
                transform: Transform::of(widget),
                seen_at_ms: f64::NEG_INFINITY,
                states: Vec::new(),
            };
            watch.states = (0..widget.alerts.len())
                .map(|index| {
                    let open = state.alerts.with_untracked(|log| log.open(&watch.key(index)).is_some());
                    RuleState::new(now, open)
                })
                .collect();
            watched.push(watch);
        }
    }
    watched.iter().flat_map(|watch| (0..watch.states.len()).map(|index| watch.key(index))).collect()
}

/// A change, said in words: (rule, raised, title, value, notify).
struct Described {
    rule: RuleKey,
    raised: bool,
    title: String,
    value: String,
    notify: bool,
}

fn describe(watch: &WatchedWidget, index: usize, change: Change) -> Described {
    let rule = &watch.widget.alerts[index];
    let title = format!("{}: {}", watch.widget.display_title(), rule.describe(watch.widget.unit.as_deref()));
    let (raised, reading) = match change {
        Change::Raised(reading) => (true, reading),
        Change::Cleared(reading) => (false, reading),
    };
    let value = match reading {
        Some(reading) => format_reading(&watch.widget, Some(&reading)),
        None => "no message".to_owned(),
    };
    Described { rule: watch.key(index), raised, title, value, notify: rule.notify }
}

/// Whether the person turned on the switch kept under `key` (`NOTIFY_KEY`, `SOUND_KEY`).
pub fn switched_on(key: &str) -> bool {
    local_storage().and_then(|storage| storage.get_item(key).ok().flatten()).as_deref() == Some("on")
}

/// Keeps the switch under `key` in this browser.
pub fn switch(key: &str, on: bool) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, if on { "on" } else { "off" });
    }
}

fn record(state: AppState, changes: Vec<Described>, now: f64) {
    let mut sound = false;
    state.alerts.update(|log| {
        for change in changes {
            if !change.raised {
                log.clear(&change.rule, Some(change.value), now);
                continue;
            }
            if change.notify && log.open(&change.rule).is_none() {
                if switched_on(NOTIFY_KEY) {
                    notify::notify(&change.title, &change.value, &change.rule.hook());
                }
                sound |= switched_on(SOUND_KEY);
            }
            log.raise(change.rule, change.title, change.value, now);
        }
    });
    if sound {
        notify::beep();
    }
}

/// The log kept in this browser; an unreadable one is reported and set aside.
fn load_log(state: AppState) -> AlertLog {
    let Some(storage) = local_storage() else { return AlertLog::default() };
    let Ok(Some(text)) = storage.get_item(LOG_KEY) else { return AlertLog::default() };
    AlertLog::from_json(&text).unwrap_or_else(|error| {
        let backup = format!("{LOG_KEY}.unreadable");
        let _ = storage.set_item(&backup, &text);
        state.notice.set(Some(format!(
            "The alerts kept in this browser could not be read ({error}); they were copied to {backup:?} and start afresh."
        )));
        AlertLog::default()
    })
}
