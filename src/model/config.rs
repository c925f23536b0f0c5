//! The MQTT Deck settings file (`"format": "mqtt-deck"`): connection
//! profiles today, dashboards in a later version. Unknown fields are kept on
//! a round trip so that a file edited by a newer app or by hand loses
//! nothing. [`parse_config`] is the one entry point for text from a URL,
//! localStorage or an import.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ModelError;

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
    /// The file's format version.
    pub version: u32,
    /// Broker connections.
    #[serde(default)]
    pub connections: Vec<ConnectionProfile>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// A subscription a connection makes whenever it connects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionSpec {
    /// The topic filter.
    pub filter: String,
    /// The maximum QoS, 0 to 2.
    #[serde(default)]
    pub qos: u8,
}

fn default_mqtt_version() -> u8 {
    5
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
    /// Protocol level: 5 for MQTT 5.0, 4 for MQTT 3.1.1.
    #[serde(default = "default_mqtt_version")]
    pub mqtt_version: u8,
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
    /// Subscriptions made on every connect.
    #[serde(default)]
    pub subscriptions: Vec<SubscriptionSpec>,
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
            mqtt_version: 5,
            client_id: String::new(),
            keep_alive: 30,
            clean_start: true,
            session_expiry: 0,
            username: None,
            subscriptions: vec![SubscriptionSpec { filter: "#".into(), qos: 0 }],
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
        if mqtt::ProtocolVersion::from_level(self.mqtt_version).is_none() {
            return Err(invalid(
                "mqtt_version",
                format!("{} is neither 5 (MQTT 5.0) nor 4 (MQTT 3.1.1)", self.mqtt_version),
            ));
        }
        for (index, subscription) in self.subscriptions.iter().enumerate() {
            if let Err(error) = mqtt::topic::validate_topic_filter(&subscription.filter) {
                return Err(invalid(
                    &format!("subscriptions[{index}].filter"),
                    format!("{:?}: {error}", subscription.filter),
                ));
            }
            if subscription.qos > 2 {
                return Err(invalid(
                    &format!("subscriptions[{index}].qos"),
                    format!("{} is not 0, 1 or 2", subscription.qos),
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
            unknown: Map::new(),
        }
    }
}

/// Parses and checks a settings file. `source_name` (a URL, "saved
/// settings", a file name) goes into every error message.
pub fn parse_config(text: &str, source_name: &str) -> Result<ConfigFile, ModelError> {
    if text.len() > MAX_FILE_SIZE {
        return Err(ModelError::TooLarge { source_name: source_name.into(), size: text.len(), limit: MAX_FILE_SIZE });
    }
    let syntax = |error: serde_json::Error| ModelError::Syntax {
        source_name: source_name.into(),
        message: error.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
        line: error.line(),
        column: error.column(),
    };
    // Check format and version first, so that a foreign or newer file gets
    // that message rather than a complaint about some field inside it.
    let value: Value = serde_json::from_str(text).map_err(syntax)?;
    let format = value.get("format").and_then(Value::as_str).unwrap_or_default();
    if format != FORMAT_NAME {
        let found = value.get("format").map_or_else(|| "missing".to_owned(), |found| found.to_string());
        return Err(ModelError::ForeignFormat { source_name: source_name.into(), found });
    }
    if let Some(version) = value.get("version").and_then(Value::as_u64) {
        if version > u64::from(CURRENT_VERSION) {
            return Err(ModelError::NewerVersion {
                source_name: source_name.into(),
                found: u32::try_from(version).unwrap_or(u32::MAX),
                supported: CURRENT_VERSION,
            });
        }
    }
    // Parse from the text again (not the Value) so that errors keep line and column.
    let config: ConfigFile = serde_json::from_str(text).map_err(syntax)?;
    for (index, connection) in config.connections.iter().enumerate() {
        connection.validate(source_name, &format!("connections[{index}]"))?;
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUE_EXAMPLE: &str = r#"{ "format": "mqtt-deck", "version": 1,
      "connections": [ { "id": "local", "name": "Local", "url": "ws://127.0.0.1:9001", "mqtt_version": 5,
                         "keep_alive": 30, "clean_start": true, "session_expiry": 0,
                         "subscriptions": [ { "filter": "demo/#", "qos": 1 } ] } ] }"#;

    #[test]
    fn documented_example_parses() {
        let config = parse_config(ISSUE_EXAMPLE, "example").unwrap();
        assert_eq!(config.connections.len(), 1);
        let connection = &config.connections[0];
        assert_eq!(connection.url, "ws://127.0.0.1:9001");
        assert_eq!(connection.subscriptions, vec![SubscriptionSpec { filter: "demo/#".into(), qos: 1 }]);
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let text = r#"{"format":"mqtt-deck","version":1,"dashboards":[{"id":"x"}],
            "connections":[{"id":"a","name":"A","url":"ws://h:1","future_option":true}]}"#;
        let config = parse_config(text, "t").unwrap();
        let written = serde_json::to_string(&config).unwrap();
        let again = parse_config(&written, "t").unwrap();
        assert_eq!(again, config);
        assert!(written.contains("dashboards") && written.contains("future_option"));
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
    fn oversized_file_is_refused_before_parsing() {
        let text = " ".repeat(MAX_FILE_SIZE + 1);
        assert!(matches!(parse_config(&text, "f"), Err(ModelError::TooLarge { .. })));
    }
}
