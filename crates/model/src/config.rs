//! The MQTT Deck settings file (`"format": "mqtt-deck"`): connection
//! profiles and dashboards, documented in `docs/dashboard-format.md`.
//! Unknown fields are kept on a round trip so that a file edited by a newer
//! app or by hand loses nothing. [`parse_config`] is the strict entry point
//! for text from a URL or an import, [`parse_saved_settings`] the lenient one
//! for this browser's storage.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::dashboard::Dashboard;
use super::{ModelError, Qos};

/// The value of the `format` field.
pub const FORMAT_NAME: &str = "mqtt-deck";
/// The newest file version this app reads and writes.
pub const CURRENT_VERSION: u32 = 1;
/// Files over this size are refused before parsing.
pub const MAX_FILE_SIZE: usize = 2 * 1024 * 1024;

/// A whole settings file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigFile {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// The file's format version; absent means 1.
    #[serde(default = "current_version")]
    pub version: u32,
    /// Broker connections.
    #[serde(default)]
    pub connections: Vec<ConnectionProfile>,
    /// Saved connections this version could not use, kept as they were so
    /// that saving again loses nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_connections: Vec<Value>,
    /// Dashboards, shown as tabs.
    #[serde(default)]
    pub dashboards: Vec<Dashboard>,
    /// Saved dashboards this version could not use, kept as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_dashboards: Vec<Value>,
    /// Publishes kept as one-tap buttons in the publish panel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub saved_messages: Vec<super::publish::SavedMessage>,
    /// "light" or "dark"; absent follows the system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// A subscription a connection makes whenever it connects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionSpec {
    /// The topic filter.
    pub filter: String,
    /// The maximum QoS.
    #[serde(default)]
    pub qos: Qos,
}

/// A Last Will as stored in settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct WillSpec {
    /// Topic the broker publishes the Will to.
    pub topic: String,
    /// The Will's payload, as text.
    #[serde(default)]
    pub payload: String,
    /// The Will's QoS.
    #[serde(default)]
    pub qos: Qos,
    /// Whether the Will is retained.
    #[serde(default)]
    pub retain: bool,
    /// Seconds the broker waits before publishing it (5.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_interval: Option<u32>,
    /// Lifetime of the Will message in seconds (5.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_expiry: Option<u32>,
    /// MIME type of the payload (5.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Response topic (5.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_topic: Option<String>,
}

fn current_version() -> u32 {
    CURRENT_VERSION
}
fn default_reconnect_min() -> u32 {
    1
}
fn default_reconnect_max() -> u32 {
    30
}
fn default_keep_alive() -> u16 {
    30
}
fn default_true() -> bool {
    true
}

/// One broker connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionProfile {
    /// Stable identifier, used by widgets and in the DOM.
    pub id: String,
    /// Name shown to the user.
    pub name: String,
    /// `ws://` or `wss://` URL of the broker's WebSocket listener.
    pub url: String,
    /// 5 for MQTT 5.0, 4 for MQTT 3.1.1, `"auto"` to try 5.0 then 3.1.1.
    #[serde(default)]
    pub mqtt_version: super::MqttVersion,
    /// Client identifier; empty picks a random one per browser.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client_id: String,
    /// Keep alive in seconds.
    #[serde(default = "default_keep_alive")]
    pub keep_alive: u16,
    /// Clean start (5.0) / clean session (3.1.1).
    #[serde(default = "default_true")]
    pub clean_start: bool,
    /// Session expiry interval in seconds (5.0).
    #[serde(default)]
    pub session_expiry: u32,
    /// User name, if the broker needs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Password. Written to storage only when `remember_password` is set,
    /// never into a URL or an exported file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Whether the user chose to keep the password in this browser.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub remember_password: bool,
    /// Last Will, published by the broker if this page vanishes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub will: Option<WillSpec>,
    /// Subscriptions made on every connect.
    #[serde(default)]
    pub subscriptions: Vec<SubscriptionSpec>,
    /// Seconds before the first reconnect attempt; the wait doubles after each failure.
    #[serde(default = "default_reconnect_min")]
    pub reconnect_min_s: u32,
    /// The longest wait between reconnect attempts, in seconds.
    #[serde(default = "default_reconnect_max")]
    pub reconnect_max_s: u32,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

impl ConnectionProfile {
    /// The local broker that the README's run command starts, subscribed to `#`.
    pub fn local_default() -> Self {
        ConnectionProfile {
            id: "local".into(),
            name: "Local broker".into(),
            url: "ws://127.0.0.1:9001".into(),
            mqtt_version: super::MqttVersion::V5,
            client_id: String::new(),
            keep_alive: 30,
            clean_start: true,
            session_expiry: 0,
            username: None,
            password: None,
            remember_password: false,
            will: None,
            subscriptions: vec![SubscriptionSpec { filter: "#".into(), qos: Qos::AtMostOnce }],
            reconnect_min_s: default_reconnect_min(),
            reconnect_max_s: default_reconnect_max(),
            unknown: Map::new(),
        }
    }

    /// Checks the values a connection cannot work without.
    pub fn validate(&self, source_name: &str, field: &str) -> Result<(), ModelError> {
        let invalid = |name: &str, problem: String| ModelError::InvalidValue {
            source_name: source_name.to_owned(),
            field: format!("{field}.{name}"),
            problem,
        };
        if self.id.trim().is_empty() {
            return Err(invalid("id", "must not be empty".into()));
        }
        if !(self.url.starts_with("ws://") || self.url.starts_with("wss://")) {
            return Err(invalid("url", format!("{:?} must start with ws:// or wss://", self.url)));
        }
        if self.reconnect_min_s == 0 || self.reconnect_max_s < self.reconnect_min_s {
            return Err(invalid(
                "reconnect_max_s",
                format!(
                    "reconnect waits must be at least 1 s and the longest ({} s) at least the first ({} s)",
                    self.reconnect_max_s, self.reconnect_min_s
                ),
            ));
        }
        if let Some(will) = &self.will {
            if let Err(error) = mqtt::topic::validate_topic_name(&will.topic) {
                return Err(invalid("will.topic", format!("{:?}: {error}", will.topic)));
            }
        }
        for (index, subscription) in self.subscriptions.iter().enumerate() {
            if let Err(error) = mqtt::topic::validate_topic_filter(&subscription.filter) {
                return Err(invalid(
                    &format!("subscriptions[{index}].filter"),
                    format!("{:?}: {error}", subscription.filter),
                ));
            }
        }
        Ok(())
    }
}

impl Default for ConfigFile {
    fn default() -> Self {
        ConfigFile {
            format: FORMAT_NAME.into(),
            version: CURRENT_VERSION,
            connections: vec![ConnectionProfile::local_default()],
            rejected_connections: Vec::new(),
            dashboards: Vec::new(),
            rejected_dashboards: Vec::new(),
            saved_messages: Vec::new(),
            theme: None,
            unknown: Map::new(),
        }
    }
}

fn syntax_error(source_name: &str, error: serde_json::Error) -> ModelError {
    ModelError::Syntax {
        source_name: source_name.into(),
        message: error.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
        line: error.line(),
        column: error.column(),
    }
}

/// Parses the text as JSON and checks `format` and `version` first, so that
/// a foreign or newer file gets that message rather than a complaint about
/// some field inside it.
fn parse_envelope(text: &str, source_name: &str) -> Result<Value, ModelError> {
    if text.len() > MAX_FILE_SIZE {
        return Err(ModelError::TooLarge { source_name: source_name.into(), size: text.len(), limit: MAX_FILE_SIZE });
    }
    let value: Value = serde_json::from_str(text).map_err(|error| syntax_error(source_name, error))?;
    let format = value.get("format").and_then(Value::as_str).unwrap_or_default();
    if format != FORMAT_NAME {
        let found = value.get("format").map_or_else(|| "missing".to_owned(), |found| found.to_string());
        return Err(ModelError::ForeignFormat { source_name: source_name.into(), found });
    }
    let version = match value.get("version") {
        None => CURRENT_VERSION,
        Some(version) => version.as_u64().and_then(|version| u32::try_from(version).ok()).ok_or_else(|| {
            ModelError::InvalidValue {
                source_name: source_name.into(),
                field: "version".into(),
                problem: format!("{version} is not a whole number"),
            }
        })?,
    };
    if version > CURRENT_VERSION {
        return Err(ModelError::NewerVersion {
            source_name: source_name.into(),
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    Ok(migrate(value, version))
}

/// Brings a file of an older `version` up to [`CURRENT_VERSION`], one step
/// at a time. Version 1 is the first published format, so today every file
/// only has its missing `version` filled in; a version 2 adds its step here
/// (`1 => rename or reshape fields, then continue with 2`).
fn migrate(mut value: Value, version: u32) -> Value {
    debug_assert!(version <= CURRENT_VERSION);
    if let Some(fields) = value.as_object_mut() {
        fields.insert("version".into(), Value::from(CURRENT_VERSION));
    }
    value
}

/// Parses and checks a settings file strictly: any problem refuses the
/// whole file. `source_name` (a URL, a file name) goes into every error.
pub fn parse_config(text: &str, source_name: &str) -> Result<ConfigFile, ModelError> {
    parse_envelope(text, source_name)?;
    // Parse from the text again (not the Value) so that errors keep line and column.
    let mut config: ConfigFile = serde_json::from_str(text).map_err(|error| syntax_error(source_name, error))?;
    config.version = CURRENT_VERSION;
    for (index, connection) in config.connections.iter().enumerate() {
        connection.validate(source_name, &format!("connections[{index}]"))?;
        if config.connections[..index].iter().any(|earlier| earlier.id == connection.id) {
            return Err(ModelError::InvalidValue {
                source_name: source_name.into(),
                field: format!("connections[{index}].id"),
                problem: format!("{:?} is used twice", connection.id),
            });
        }
    }
    let connection_ids: Vec<&str> = config.connections.iter().map(|connection| connection.id.as_str()).collect();
    for (index, dashboard) in config.dashboards.iter().enumerate() {
        dashboard.validate(source_name, &format!("dashboards[{index}]"), &connection_ids)?;
    }
    Ok(config)
}

/// Settings read from this browser's storage, and what could not be used.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedSettings {
    /// The usable settings.
    pub config: ConfigFile,
    /// One sentence per connection that was left out.
    pub problems: Vec<String>,
}

/// Reads saved settings leniently: a connection that cannot be used is left
/// out of `connections` (and kept in `rejected_connections`) with a message,
/// and the others keep working.
pub fn parse_saved_settings(text: &str, source_name: &str) -> Result<LoadedSettings, ModelError> {
    let mut value = parse_envelope(text, source_name)?;
    let mut take = |field: &str| match value.as_object_mut().and_then(|fields| fields.remove(field)) {
        Some(Value::Array(entries)) => entries,
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    };
    let raw_connections = take("connections");
    let raw_dashboards = take("dashboards");
    let mut config: ConfigFile = serde_json::from_value(value).map_err(|error| syntax_error(source_name, error))?;
    let mut problems = Vec::new();
    let (connections, rejected) =
        keep_usable(raw_connections, "connection", &mut problems, |profile: &ConnectionProfile, field| {
            profile.validate(source_name, field)
        });
    config.connections = connections;
    config.rejected_connections.extend(rejected);
    // A widget whose connection was set aside stays: it shows that it has no connection.
    let (dashboards, rejected) =
        keep_usable(raw_dashboards, "dashboard", &mut problems, |dashboard: &Dashboard, field| {
            dashboard
                .widgets
                .iter()
                .enumerate()
                .try_for_each(|(index, widget)| widget.validate(source_name, &format!("{field}.widgets[{index}]")))
        });
    config.dashboards = dashboards;
    config.rejected_dashboards.extend(rejected);
    Ok(LoadedSettings { config, problems })
}

/// Parses each entry on its own; the ones that fail are returned as they
/// were, with one sentence each in `problems`.
fn keep_usable<T: serde::de::DeserializeOwned>(
    raw_entries: Vec<Value>,
    noun: &str,
    problems: &mut Vec<String>,
    validate: impl Fn(&T, &str) -> Result<(), ModelError>,
) -> (Vec<T>, Vec<Value>) {
    let mut usable = Vec::new();
    let mut rejected = Vec::new();
    for (index, raw) in raw_entries.into_iter().enumerate() {
        let field = format!("{noun}s[{index}]");
        let parsed = serde_json::from_value::<T>(raw.clone())
            .map_err(|error| error.to_string())
            .and_then(|entry| validate(&entry, &field).map(|()| entry).map_err(|error| error.to_string()));
        match parsed {
            Ok(entry) => usable.push(entry),
            Err(error) => {
                let name = raw.get("name").or_else(|| raw.get("title")).and_then(Value::as_str).unwrap_or("unnamed");
                problems.push(format!(
                    "saved {noun} {} ({name:?}) could not be used and was set aside: {error}",
                    index + 1
                ));
                rejected.push(raw);
            }
        }
    }
    (usable, rejected)
}

impl ConfigFile {
    /// The text kept in this browser (the saved settings, and the offline
    /// copy of a `?config=` file): passwords only where the user ticked
    /// "remember password". An error rather than an empty text, so that a
    /// failure never overwrites what was saved.
    pub fn to_storage_json(&self) -> Result<String, serde_json::Error> {
        let mut stored = self.clone();
        for connection in &mut stored.connections {
            if !connection.remember_password {
                connection.password = None;
            }
        }
        serde_json::to_string(&stored)
    }
}

#[cfg(test)]
mod tests {
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
        let demo = parse_config(include_str!("../../../public/demo.json"), "demo.json").unwrap();
        assert_eq!(demo.connections[0].url, "ws://127.0.0.1:9001");
        let kinds: std::collections::HashSet<&str> = demo
            .dashboards
            .iter()
            .flat_map(|dashboard| &dashboard.widgets)
            .map(|widget| widget.kind.as_str())
            .collect();
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
    fn oversized_file_is_refused_before_parsing() {
        let text = " ".repeat(MAX_FILE_SIZE + 1);
        assert!(matches!(parse_config(&text, "f"), Err(ModelError::TooLarge { .. })));
    }
}
