//! What the publish panel sends, as plain data: the payload typed as text,
//! JSON (checked) or hex; MQTT 5.0 properties; and saved messages, stored
//! with the dashboards and sent again with one tap.

use serde::{Deserialize, Serialize};

use crate::Qos;

/// How the payload field is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PayloadFormat {
    /// UTF-8 text as typed.
    #[default]
    Text,
    /// JSON, sent as typed once it parses.
    Json,
    /// Hex digits (spaces and `0x` allowed), sent as bytes.
    Hex,
}

impl PayloadFormat {
    /// The name in files and in the form.
    pub fn as_str(self) -> &'static str {
        match self {
            PayloadFormat::Text => "text",
            PayloadFormat::Json => "json",
            PayloadFormat::Hex => "hex",
        }
    }

    /// The format named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        [PayloadFormat::Text, PayloadFormat::Json, PayloadFormat::Hex]
            .into_iter()
            .find(|format| format.as_str() == name)
    }
}

/// The payload bytes for `text` read as `format`, or what is wrong with it.
pub fn encode_payload(format: PayloadFormat, text: &str) -> Result<Vec<u8>, String> {
    match format {
        PayloadFormat::Text => Ok(text.as_bytes().to_vec()),
        PayloadFormat::Json => serde_json::from_str::<serde_json::Value>(text)
            .map(|_| text.as_bytes().to_vec())
            .map_err(|error| format!("not valid JSON: {error}")),
        PayloadFormat::Hex => {
            let digits: String =
                text.split_whitespace().map(|group| group.trim_start_matches("0x").trim_start_matches("0X")).collect();
            if digits.len() % 2 != 0 {
                return Err(format!("hex needs an even number of digits; {} given", digits.len()));
            }
            (0..digits.len())
                .step_by(2)
                .map(|index| {
                    let pair = digits.get(index..index + 2).unwrap_or_default();
                    u8::from_str_radix(pair, 16).map_err(|_| format!("{pair:?} at digit {} is not hex", index + 1))
                })
                .collect()
        }
    }
}

/// User properties from lines of `name=value` (repeats allowed, order kept).
pub fn parse_user_properties(text: &str) -> Result<Vec<(String, String)>, String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .enumerate()
        .map(|(index, line)| match line.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_owned(), value.trim().to_owned())),
            _ => Err(format!("user property line {}: {line:?} is not name=value", index + 1)),
        })
        .collect()
}

/// A publish kept as a one-tap button.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SavedMessage {
    /// The button's label.
    pub name: String,
    /// Connection id; empty: the first connection.
    #[serde(default)]
    pub connection: String,
    /// Topic name.
    pub topic: String,
    /// The payload as typed.
    #[serde(default)]
    pub payload: String,
    /// How the payload is read.
    #[serde(default)]
    pub format: PayloadFormat,
    /// Its QoS.
    #[serde(default)]
    pub qos: Qos,
    /// Retain flag.
    #[serde(default)]
    pub retain: bool,
    /// MQTT 5.0 content type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// MQTT 5.0 payload format indicator: the payload is UTF-8 text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub utf8_payload: bool,
    /// MQTT 5.0 response topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_topic: Option<String>,
    /// MQTT 5.0 correlation data, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_data: Option<String>,
    /// MQTT 5.0 user properties, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_properties: Vec<(String, String)>,
    /// MQTT 5.0 message expiry in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_expiry: Option<u32>,
}

impl SavedMessage {
    /// The publish this describes: topic, payload bytes and properties, checked.
    pub fn to_publish(&self) -> Result<mqtt::Publish, crate::FieldError> {
        use crate::FieldError;
        mqtt::topic::validate_topic_name(&self.topic).map_err(|error| FieldError::new("topic", error))?;
        if let Some(topic) = &self.response_topic {
            mqtt::topic::validate_topic_name(topic).map_err(|error| FieldError::new("response topic", error))?;
        }
        let payload = encode_payload(self.format, &self.payload).map_err(|error| FieldError::new("payload", error))?;
        let properties = mqtt::Properties {
            content_type: self.content_type.clone(),
            payload_format_indicator: self.utf8_payload.then_some(true),
            response_topic: self.response_topic.clone(),
            correlation_data: self.correlation_data.clone().map(String::into_bytes),
            user_properties: self.user_properties.clone(),
            message_expiry_interval: self.message_expiry,
            ..mqtt::Properties::default()
        };
        Ok(mqtt::Publish {
            qos: self.qos.into(),
            retain: self.retain,
            properties,
            ..mqtt::Publish::new(self.topic.clone(), payload)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_read_as_text_json_or_hex() {
        assert_eq!(encode_payload(PayloadFormat::Text, "hi").unwrap(), b"hi");
        assert_eq!(encode_payload(PayloadFormat::Json, "{\"a\": 1}").unwrap(), b"{\"a\": 1}");
        assert!(encode_payload(PayloadFormat::Json, "{a: 1}").unwrap_err().starts_with("not valid JSON"));
        assert_eq!(encode_payload(PayloadFormat::Hex, "0x01 ff 7E").unwrap(), [0x01, 0xff, 0x7e]);
        assert!(encode_payload(PayloadFormat::Hex, "abc").unwrap_err().contains("even number"));
        assert!(encode_payload(PayloadFormat::Hex, "zz").unwrap_err().contains("\"zz\" at digit 1 is not hex"));
    }

    #[test]
    fn user_properties_keep_order_and_repeats() {
        let properties = parse_user_properties("site = lab\nsite=plant\n\nempty=").unwrap();
        assert_eq!(
            properties,
            [("site".into(), "lab".into()), ("site".into(), "plant".into()), ("empty".into(), String::new())]
        );
        assert!(parse_user_properties("no equals").unwrap_err().starts_with("user property line 1"));
    }

    #[test]
    fn a_saved_message_becomes_a_checked_publish_with_its_properties() {
        let saved = SavedMessage {
            name: "Ping".into(),
            topic: "lab/ping".into(),
            payload: "{\"n\":1}".into(),
            format: PayloadFormat::Json,
            qos: Qos::ExactlyOnce,
            response_topic: Some("lab/pong".into()),
            correlation_data: Some("abc".into()),
            user_properties: vec![("k".into(), "v".into())],
            utf8_payload: true,
            ..SavedMessage::default()
        };
        let publish = saved.to_publish().unwrap();
        assert_eq!(publish.qos, mqtt::QoS::ExactlyOnce);
        assert_eq!(publish.properties.response_topic.as_deref(), Some("lab/pong"));
        assert_eq!(publish.properties.correlation_data.as_deref(), Some(&b"abc"[..]));
        assert_eq!(publish.properties.payload_format_indicator, Some(true));
        let wildcard = SavedMessage { topic: "lab/+".into(), ..saved.clone() };
        assert!(wildcard.to_publish().unwrap_err().field == "topic");
        let bad_reply = SavedMessage { response_topic: Some("a/#".into()), ..saved };
        assert!(bad_reply.to_publish().unwrap_err().field == "response topic");
    }
}
