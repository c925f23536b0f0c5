//! The MQTT Deck settings file (`"format": "mqtt-deck"`): connection
//! profiles and dashboards, documented in `docs/dashboard-format.md`.
//! Unknown fields are kept on a round trip so that a file edited by a newer
//! app or by hand loses nothing. [`parse_config`] is the strict entry point
//! for text from a URL or an import, [`parse_saved_settings`] the lenient one
//! for this browser's storage.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::dashboard::Dashboard;
use crate::{ModelError, Qos};

mod parse;

pub use parse::{parse_config, parse_saved_settings, LoadedSettings};

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
        crate::json_text::compact(&stored)
    }
}

#[cfg(test)]
mod tests;
