//! The `mqtt_version` setting of a connection: MQTT 5.0, MQTT 3.1.1, or
//! `"auto"` (try 5.0, fall back to 3.1.1 when the broker does not speak it).
//! Written in files as `5`, `4` or `"auto"`. Plain data, no web crates.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Which protocol a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "Value", into = "Value")]
pub enum MqttVersion {
    /// MQTT 5.0, protocol level 5.
    #[default]
    V5,
    /// MQTT 3.1.1, protocol level 4.
    V311,
    /// 5.0 first; 3.1.1 when the broker answers that it does not support
    /// 5.0 (or drops a 5.0 CONNECT unanswered). What worked is remembered.
    Auto,
}

impl MqttVersion {
    /// How the version reads in the connection list.
    pub fn label(self) -> &'static str {
        match self {
            MqttVersion::V5 => "MQTT 5.0",
            MqttVersion::V311 => "MQTT 3.1.1",
            MqttVersion::Auto => "MQTT auto (5.0, else 3.1.1)",
        }
    }

    /// The value of the connection form's select, and back.
    pub fn form_value(self) -> &'static str {
        match self {
            MqttVersion::V5 => "5",
            MqttVersion::V311 => "4",
            MqttVersion::Auto => "auto",
        }
    }

    /// Parses [`MqttVersion::form_value`]; anything else is 5.0.
    pub fn from_form_value(value: &str) -> Self {
        match value {
            "4" => MqttVersion::V311,
            "auto" => MqttVersion::Auto,
            _ => MqttVersion::V5,
        }
    }

    /// The protocol to use, for a fixed version; `None` for auto.
    pub fn fixed(self) -> Option<mqtt::ProtocolVersion> {
        match self {
            MqttVersion::V5 => Some(mqtt::ProtocolVersion::V5),
            MqttVersion::V311 => Some(mqtt::ProtocolVersion::V311),
            MqttVersion::Auto => None,
        }
    }
}

impl TryFrom<Value> for MqttVersion {
    type Error = String;

    fn try_from(value: Value) -> Result<Self, Self::Error> {
        match &value {
            Value::Number(number) if number.as_u64() == Some(5) => Ok(MqttVersion::V5),
            Value::Number(number) if number.as_u64() == Some(4) => Ok(MqttVersion::V311),
            Value::String(text) if text == "auto" => Ok(MqttVersion::Auto),
            other => Err(format!("{other} is neither 5 (MQTT 5.0), 4 (MQTT 3.1.1) nor \"auto\"")),
        }
    }
}

impl From<MqttVersion> for Value {
    fn from(version: MqttVersion) -> Self {
        match version {
            MqttVersion::V5 => Value::from(5),
            MqttVersion::V311 => Value::from(4),
            MqttVersion::Auto => Value::from("auto"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_5_4_and_auto() {
        for (text, version) in [("5", MqttVersion::V5), ("4", MqttVersion::V311), ("\"auto\"", MqttVersion::Auto)] {
            assert_eq!(serde_json::from_str::<MqttVersion>(text).unwrap(), version);
            assert_eq!(serde_json::to_string(&version).unwrap(), text);
            assert_eq!(MqttVersion::from_form_value(version.form_value()), version);
        }
    }

    #[test]
    fn refuses_other_levels_naming_the_choices() {
        let error = serde_json::from_str::<MqttVersion>("3").unwrap_err().to_string();
        assert!(error.contains("neither 5 (MQTT 5.0), 4 (MQTT 3.1.1) nor \"auto\""), "{error}");
    }
}
