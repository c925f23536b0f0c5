use super::*;
use crate::value::Reading;

fn rule(json: &str) -> AlertRule {
    serde_json::from_str(json).unwrap()
}

fn number(value: f64) -> Reading {
    Reading::Number(value)
}

/// Feeds `values` one second apart from t = 0 and says, per value, what changed.
fn run(rule: &AlertRule, values: &[f64]) -> Vec<Option<Change>> {
    let mut state = RuleState::new(0.0, false);
    let mut at = 0.0;
    values
        .iter()
        .map(|value| {
            at += 1000.0;
            state.observe(rule, &number(*value), at)
        })
        .collect()
}

fn raised(value: f64) -> Option<Change> {
    Some(Change::Raised(Some(number(value))))
}

fn cleared(value: f64) -> Option<Change> {
    Some(Change::Cleared(Some(number(value))))
}

#[test]
fn above_with_hysteresis_does_not_flap_on_a_noisy_value() {
    let noisy = [29.0, 30.5, 29.8, 30.2, 29.5, 27.9, 31.0];
    let plain = rule(r#"{ "above": 30 }"#);
    assert_eq!(
        run(&plain, &noisy),
        vec![None, raised(30.5), cleared(29.8), raised(30.2), cleared(29.5), None, raised(31.0)]
    );
    let damped = rule(r#"{ "above": 30, "hysteresis": 2 }"#);
    assert_eq!(run(&damped, &noisy), vec![None, raised(30.5), None, None, None, cleared(27.9), raised(31.0)]);
}

#[test]
fn below_mirrors_above() {
    let low = rule(r#"{ "below": 5, "hysteresis": 1 }"#);
    assert_eq!(run(&low, &[6.0, 4.0, 5.5, 6.0]), vec![None, raised(4.0), None, cleared(6.0)]);
}

#[test]
fn for_s_needs_the_condition_to_hold_without_a_break() {
    let sustained = rule(r#"{ "above": 30, "for_s": 3 }"#);
    // Held at t = 1 s, broken at 2 s, held again from 3 s: it rises at 6 s.
    assert_eq!(
        run(&sustained, &[31.0, 29.0, 31.0, 32.0, 33.0, 34.0, 35.0]),
        vec![None, None, None, None, None, raised(34.0), None]
    );
    // A tick raises it too, with the reading it held on, when no message comes.
    let mut state = RuleState::new(0.0, false);
    assert_eq!(state.observe(&sustained, &number(40.0), 1000.0), None);
    assert_eq!(state.tick(&sustained, 3999.0), None);
    assert_eq!(state.tick(&sustained, 4000.0), raised(40.0));
    assert!(state.raised());
}

#[test]
fn equals_matches_text_numbers_and_booleans() {
    let open = rule(r#"{ "equals": "open" }"#);
    let mut state = RuleState::new(0.0, false);
    assert_eq!(state.observe(&open, &Reading::Text("closed".into()), 1.0), None);
    assert_eq!(
        state.observe(&open, &Reading::Text("open".into()), 2.0),
        Some(Change::Raised(Some(Reading::Text("open".into()))))
    );
    // A reading that is not there says nothing either way.
    assert_eq!(state.observe(&open, &Reading::Missing("no such field".into()), 3.0), None);
    assert!(state.raised());
    assert!(matches!(state.observe(&open, &Reading::Text("closed".into()), 4.0), Some(Change::Cleared(_))));
    let holds = |json: &str, reading: Reading| rule(json).condition().unwrap().holds(&reading);
    assert!(holds(r#"{ "equals": 1 }"#, number(1.0)));
    assert!(holds(r#"{ "equals": true }"#, Reading::Text("true".into())));
    assert!(!holds(r#"{ "above": 1 }"#, Reading::Text("high".into())), "text is never above a number");
}

#[test]
fn stale_rises_when_the_topic_goes_quiet_and_clears_on_the_next_message() {
    let quiet = rule(r#"{ "stale_s": 60 }"#);
    let mut state = RuleState::new(0.0, false);
    assert_eq!(state.tick(&quiet, 59_999.0), None, "counted from when watching began");
    assert_eq!(state.observe(&quiet, &number(1.0), 30_000.0), None);
    assert_eq!(state.tick(&quiet, 89_999.0), None);
    assert_eq!(state.tick(&quiet, 90_000.0), Some(Change::Raised(None)));
    assert_eq!(state.tick(&quiet, 200_000.0), None, "rises once");
    assert_eq!(state.observe(&quiet, &number(2.0), 200_001.0), cleared(2.0));
}

#[test]
fn a_state_restored_as_raised_clears_rather_than_rising_again() {
    let hot = rule(r#"{ "above": 30 }"#);
    let mut state = RuleState::new(0.0, true);
    assert_eq!(state.observe(&hot, &number(35.0), 1.0), None);
    assert_eq!(state.observe(&hot, &number(25.0), 2.0), cleared(25.0));
}

#[test]
fn rules_say_what_is_wrong_with_them() {
    assert!(rule(r#"{ "label": "x" }"#).problem().unwrap().contains("needs one of"));
    assert!(rule(r#"{ "above": 1, "below": 0 }"#).problem().unwrap().contains("more than one"));
    assert!(rule(r#"{ "stale_s": 0 }"#).problem().is_some());
    assert!(rule(r#"{ "equals": [1] }"#).problem().is_some());
    assert!(rule(r#"{ "above": 1, "hysteresis": -1 }"#).problem().is_some());
    assert!(rule(r#"{ "equals": "x", "hysteresis": 1 }"#).problem().is_some());
    assert_eq!(rule(r#"{ "above": 30, "hysteresis": 2, "for_s": 5, "notify": true }"#).problem(), None);
    assert_eq!(rule(r#"{ "above": 30.5 }"#).describe(Some("°C")), "above 30.5 °C");
    assert_eq!(rule(r#"{ "stale_s": 60 }"#).describe(None), "no message for 60 s");
    assert_eq!(rule(r#"{ "equals": "open", "label": "Door open" }"#).describe(None), "Door open");
}

fn key(widget: &str, index: usize) -> RuleKey {
    RuleKey { dashboard: "home".into(), widget: widget.into(), index }
}

#[test]
fn the_log_keeps_one_open_alert_per_rule_through_acknowledge_and_clear() {
    let mut log = AlertLog::default();
    log.raise(key("t", 0), "Temperature: above 30".into(), "31".into(), 1.0);
    log.raise(key("t", 0), "again".into(), "32".into(), 2.0);
    log.raise(key("d", 0), "Door: is open".into(), "open".into(), 3.0);
    assert_eq!(log.entries.len(), 2, "a rule already up is not raised twice");
    assert_eq!(log.active_count(), 2);
    assert_eq!(key("t", 0).hook(), "t:0");
    let first = log.open(&key("t", 0)).unwrap().id;
    assert!(log.acknowledge(first, 4.0));
    assert!(!log.acknowledge(first, 5.0), "acknowledged once");
    assert_eq!(log.open(&key("t", 0)).unwrap().state(), AlertState::Acknowledged);
    assert_eq!(log.active_count(), 1);
    assert!(log.clear(&key("t", 0), Some("29".into()), 6.0));
    assert!(!log.clear(&key("t", 0), None, 7.0), "nothing open to clear");
    assert_eq!(log.entries[1].state(), AlertState::Cleared);
    assert_eq!(log.acknowledge_all(8.0), 1);
    assert_eq!(log.active_count(), 0);
    let again = AlertLog::from_json(&serde_json::to_string(&log).unwrap()).unwrap();
    assert_eq!(again, log, "the log survives a reload");
    let damaged = r#"{"entries":[{"id":7,"title":"no rule"},{"id":3,"rule":{"dashboard":"d","widget":"w","index":0},
        "title":"t","value":"1","raised_at":5}]}"#;
    let kept = AlertLog::from_json(damaged).unwrap();
    assert_eq!((kept.entries.len(), kept.entries[0].id, kept.next_id), (1, 3, 4), "a broken entry is skipped");
    assert!(AlertLog::from_json("[]").unwrap_err().contains("no list"));
    assert!(AlertLog::from_json("{").is_err());
    log.forget_past();
    assert_eq!(log.entries.len(), 1);
}

#[test]
fn the_past_is_bounded_and_the_oldest_goes_first() {
    let mut log = AlertLog::default();
    for round in 0..PAST_CAPACITY + 5 {
        log.raise(key("t", 0), format!("round {round}"), String::new(), round as f64);
        log.clear(&key("t", 0), None, round as f64);
    }
    log.raise(key("t", 0), "open".into(), String::new(), 1e9);
    assert_eq!(log.entries.len(), PAST_CAPACITY + 1);
    assert_eq!(log.entries[0].title, "open");
    assert_eq!(log.entries[1].title, format!("round {}", PAST_CAPACITY + 4));
    assert_eq!(log.entries.last().unwrap().title, "round 5");
}

#[test]
fn rules_round_trip_through_the_form_lines() {
    let rules = [
        r#"{ "above": 30, "hysteresis": 1.5, "for_s": 5, "notify": true, "label": "Too hot" }"#,
        r#"{ "below": -2 }"#,
        r#"{ "equals": "open", "notify": true }"#,
        r#"{ "equals": 1 }"#,
        r#"{ "stale_s": 60, "label": "Sensor quiet" }"#,
    ]
    .map(rule);
    let lines = rules.each_ref().map(AlertRule::to_line);
    assert_eq!(
        lines,
        [
            "above 30 | hysteresis 1.5 | for 5 | notify | label Too hot",
            "below -2",
            "equals open | notify",
            "equals 1",
            "stale 60 | label Sensor quiet",
        ]
    );
    for (line, expected) in lines.iter().zip(&rules) {
        assert_eq!(AlertRule::from_line(line).as_ref(), Ok(expected), "{line}");
    }
    assert!(AlertRule::from_line("over 30").unwrap_err().contains("start with"));
    assert!(AlertRule::from_line("above hot").unwrap_err().contains("needs a number"));
    assert!(AlertRule::from_line("above 3 | for 2.5").unwrap_err().contains("whole seconds"));
    assert!(AlertRule::from_line("above 3 | loud").unwrap_err().contains("use hysteresis"));
    assert!(AlertRule::from_line("stale 60 | hysteresis 1").unwrap_err().contains("applies to"));
}
