//! Tests of the settings file: parsing, migration, set-aside entries, storage without passwords.

use super::*;

const ISSUE_EXAMPLE: &str = r#"{ "format": "mqtt-deck", "version": 1,
  "connections": [ { "id": "local", "name": "Local", "url": "ws://127.0.0.1:9001", "mqtt_version": 5,
                     "keep_alive": 30, "clean_start": true, "session_expiry": 0,
                     "subscriptions": [ { "filter": "demo/#", "qos": 1 } ] } ] }"#;

const DASHBOARD_EXAMPLE: &str = r##"{ "format": "mqtt-deck", "version": 1,
  "connections": [ { "id": "local", "name": "Local", "url": "ws://127.0.0.1:9001", "mqtt_version": 5,
                     "keep_alive": 30, "clean_start": true, "session_expiry": 0,
                     "subscriptions": [ { "filter": "home/#", "qos": 1 } ] } ],
  "dashboards": [ { "id": "home", "title": "Home", "widgets": [
    { "id": "temp", "kind": "gauge", "connection": "local", "topic": "home/living/temperature",
      "value_path": "$.temperature", "unit": "°C", "min": 0, "max": 40, "decimals": 1,
      "thresholds": [ { "value": 28, "color": "#e53935" } ], "stale_after_s": 60 },
    { "id": "lamp", "kind": "switch", "connection": "local", "topic": "home/lamp/state",
      "command_topic": "home/lamp/set", "on_payload": "ON", "off_payload": "OFF", "qos": 1, "retain": false,
      "confirm": false, "confirm_timeout_s": 5 },
    { "id": "dim", "kind": "slider", "connection": "local", "topic": "home/lamp/brightness",
      "command_topic": "home/lamp/brightness/set", "min": 0, "max": 100, "step": 1 },
    { "id": "bell", "kind": "button", "connection": "local", "command_topic": "home/bell", "payload": "ring" },
    { "id": "trend", "kind": "chart", "connection": "local", "window_s": 600,
      "series": [ { "topic": "home/living/temperature", "value_path": "$.temperature", "label": "Living" } ] },
    { "id": "msg", "kind": "text", "connection": "local", "topic": "home/door/last_event" },
    { "id": "online", "kind": "indicator", "connection": "local", "topic": "home/sensor/status", "on_payload": "online" }
  ] } ] }"##;

#[test]
fn documented_dashboard_example_parses_with_every_widget_kind() {
    let config = parse_config(DASHBOARD_EXAMPLE, "example").unwrap();
    let kinds: Vec<&str> = config.dashboards[0].widgets.iter().map(|widget| widget.kind.as_str()).collect();
    assert_eq!(kinds, ["gauge", "switch", "slider", "button", "chart", "text", "indicator"]);
    let gauge = &config.dashboards[0].widgets[0];
    assert_eq!((gauge.range(), gauge.decimals, gauge.unit.as_deref()), ((0.0, 40.0), Some(1), Some("°C")));
    let again = parse_config(&serde_json::to_string(&config).unwrap(), "again").unwrap();
    assert_eq!(again, config);
}

#[test]
fn the_demo_dashboard_shipped_with_the_app_is_a_valid_file() {
    let demo = parse_config(include_str!("../../../../public/demo.json"), "demo.json").unwrap();
    assert_eq!(demo.connections[0].url, "ws://127.0.0.1:9001");
    let kinds: std::collections::HashSet<&str> =
        demo.dashboards.iter().flat_map(|dashboard| &dashboard.widgets).map(|widget| widget.kind.as_str()).collect();
    for kind in ["gauge", "chart", "switch", "slider", "text", "indicator"] {
        assert!(kinds.contains(kind), "the demo shows a {kind}");
    }
}

#[test]
fn a_widget_on_a_missing_connection_refuses_an_imported_file() {
    let text = DASHBOARD_EXAMPLE.replacen(
        r#""connection": "local", "topic": "home/door"#,
        r#""connection": "attic", "topic": "home/door"#,
        1,
    );
    let error = parse_config(&text, "import.json").unwrap_err().to_string();
    assert_eq!(
        error,
        "import.json: dashboards[0].widgets[5].connection: \"attic\" is not one of the file's connections"
    );
}

#[test]
fn a_broken_saved_dashboard_is_set_aside_and_the_rest_kept() {
    let text = r#"{"format":"mqtt-deck","version":1,"connections":[],"dashboards":[
        {"id":"good","title":"Good","widgets":[{"id":"t","kind":"text","connection":"gone","topic":"a"}]},
        {"id":"bad","title":"Bad","widgets":[{"id":"g","kind":"gauge","connection":"c"}]}]}"#;
    let loaded = parse_saved_settings(text, "storage").unwrap();
    assert_eq!(loaded.config.dashboards.len(), 1);
    assert_eq!(loaded.config.rejected_dashboards.len(), 1);
    assert!(loaded.problems[0].contains(r#"saved dashboard 2 ("Bad") could not be used"#), "{:?}", loaded.problems);
    assert!(loaded.problems[0].contains("a gauge widget needs one"), "{:?}", loaded.problems);
}

#[test]
fn a_file_without_a_version_is_read_as_version_1() {
    let config = parse_config(r#"{"format":"mqtt-deck","connections":[]}"#, "f").unwrap();
    assert_eq!(config.version, CURRENT_VERSION);
}

#[test]
fn documented_example_parses() {
    let config = parse_config(ISSUE_EXAMPLE, "example").unwrap();
    assert_eq!(config.connections.len(), 1);
    let connection = &config.connections[0];
    assert_eq!(connection.url, "ws://127.0.0.1:9001");
    assert_eq!(connection.subscriptions, vec![SubscriptionSpec { filter: "demo/#".into(), qos: Qos::AtLeastOnce }]);
}

#[test]
fn unknown_fields_survive_a_round_trip() {
    let text = r#"{"format":"mqtt-deck","version":1,"panels":[{"id":"x"}],
        "connections":[{"id":"a","name":"A","url":"ws://h:1","future_option":true}]}"#;
    let config = parse_config(text, "t").unwrap();
    let written = serde_json::to_string(&config).unwrap();
    let again = parse_config(&written, "t").unwrap();
    assert_eq!(again, config);
    assert!(written.contains("panels") && written.contains("future_option"));
}

#[test]
fn broken_json_reports_line_and_column() {
    let error = parse_config("{\n  \"format\": \"mqtt-deck\",\n  oops\n}", "panel.json").unwrap_err();
    assert!(matches!(error, ModelError::Syntax { line: 3, .. }), "{error:?}");
    assert!(error.to_string().starts_with("panel.json is not a valid MQTT Deck file"), "{error}");
}

#[test]
fn foreign_file_is_named_as_such() {
    let error = parse_config(r#"{"name":"package"}"#, "package.json").unwrap_err();
    assert_eq!(error, ModelError::ForeignFormat { source_name: "package.json".into(), found: "missing".into() });
}

#[test]
fn newer_version_is_refused_with_a_clear_message() {
    let error = parse_config(r#"{"format":"mqtt-deck","version":7}"#, "f").unwrap_err();
    assert!(error.to_string().contains("version 7"), "{error}");
}

#[test]
fn wrong_field_type_names_the_field() {
    let text = r#"{"format":"mqtt-deck","version":1,"connections":[{"id":"a","name":"A","url":"ws://h","keep_alive":"soon"}]}"#;
    let error = parse_config(text, "f").unwrap_err().to_string();
    assert!(error.contains("invalid type: string \"soon\""), "{error}");
}

#[test]
fn invalid_values_name_the_field() {
    let text = r#"{"format":"mqtt-deck","version":1,"connections":[{"id":"a","name":"A","url":"http://h"}]}"#;
    let error = parse_config(text, "f").unwrap_err();
    assert!(matches!(&error, ModelError::InvalidValue { field, .. } if field == "connections[0].url"), "{error:?}");
    let text = r#"{"format":"mqtt-deck","version":1,"connections":[{"id":"a","name":"A","url":"ws://h","subscriptions":[{"filter":"a/#/b"}]}]}"#;
    let error = parse_config(text, "f").unwrap_err();
    assert!(
        matches!(&error, ModelError::InvalidValue { field, .. } if field == "connections[0].subscriptions[0].filter")
    );
}

#[test]
fn a_broken_saved_connection_is_set_aside_and_the_others_load() {
    let text = r#"{"format":"mqtt-deck","version":1,"connections":[
        {"id":"good","name":"Good","url":"ws://h:1"},
        {"id":"bad","name":"Bad","url":"http://nope"},
        {"name":"Half"}]}"#;
    let loaded = parse_saved_settings(text, "saved settings").unwrap();
    assert_eq!(loaded.config.connections.len(), 1);
    assert_eq!(loaded.config.connections[0].id, "good");
    assert_eq!(loaded.problems.len(), 2);
    assert!(
        loaded.problems[0].contains("\"Bad\"") && loaded.problems[0].contains("ws:// or wss://"),
        "{:?}",
        loaded.problems
    );
    assert!(loaded.problems[1].contains("missing field `id`"), "{:?}", loaded.problems);
    // Saving again keeps the set-aside entries, so nothing is lost.
    let saved = loaded.config.to_storage_json().unwrap();
    assert!(saved.contains("http://nope") && saved.contains("Half"));
}

#[test]
fn passwords_are_stored_only_when_the_user_asked() {
    let mut config = ConfigFile::default();
    config.connections[0].password = Some("forgotten".into());
    let mut remembered = ConnectionProfile::local_default();
    remembered.id = "kept".into();
    remembered.password = Some("remembered".into());
    remembered.remember_password = true;
    config.connections.push(remembered);
    let stored = config.to_storage_json().unwrap();
    assert!(!stored.contains("forgotten"));
    assert!(stored.contains("remembered"));
}

#[test]
fn an_entry_of_the_wrong_shape_is_named_by_its_path() {
    let file = r#"{ "format": "mqtt-deck", "connections": [],
      "dashboards": [ { "id": "d", "widgets": [ { "id": "a", "kind": "text", "connection": "c", "topic": "t" },
                                                  { "id": "b", "kind": "gauge", "connection": "c", "min": "low" } ] } ] }"#;
    let error = parse_config(file, "f.json").unwrap_err();
    assert!(
        matches!(&error, ModelError::Shape { path, message, .. }
            if path == "dashboards[0].widgets[1]" && message.contains("invalid type: string \"low\"")),
        "{error:?}"
    );
    assert!(error.to_string().starts_with("f.json is not a valid MQTT Deck file: dashboards[0].widgets[1]: "));
    let lone = r#"{ "format": "mqtt-deck", "connections": { "id": "x" } }"#;
    assert!(matches!(parse_config(lone, "f"), Err(ModelError::Shape { path, .. }) if path == "connections"));
    let syntax = "{ \"format\": \"mqtt-deck\",\n  \"dashboards\": [ oops ] }";
    assert!(matches!(parse_config(syntax, "f"), Err(ModelError::Syntax { line: 2, .. })));
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let text = " ".repeat(MAX_FILE_SIZE + 1);
    assert!(matches!(parse_config(&text, "f"), Err(ModelError::TooLarge { .. })));
}
