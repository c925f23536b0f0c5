//! MQTT 5.0 request/response for controls: where a widget's responses
//! come back (`response_topic`, with `"auto"` for a topic of this browser's
//! own), and what a response says: its text, and whether it reports a
//! failure (JSON with a non-empty `"error"` string, or a user property
//! `error`). See `docs/dashboard-format.md`.

use serde_json::Value;

/// The `response_topic` value that picks the per-client default.
pub const AUTO_RESPONSE_TOPIC: &str = "auto";

/// The response topic a widget's `response_topic` names: itself, or for
/// `"auto"` (or empty) `mqtt-deck/<device id>/response`, a topic no other
/// browser uses.
pub fn resolve_response_topic(configured: &str, device_id: &str) -> String {
    let configured = configured.trim();
    if configured.is_empty() || configured == AUTO_RESPONSE_TOPIC {
        format!("mqtt-deck/{device_id}/response")
    } else {
        configured.to_owned()
    }
}

/// What a correlated response said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The text the card shows: the failure's text, or the payload's.
    pub text: String,
    /// Whether the responder reported a failure.
    pub failed: bool,
}

/// The longest response text a card shows, in characters.
const SHOWN_CHARS: usize = 120;

impl Response {
    /// Reads a response from its payload and user properties.
    pub fn read(payload: &[u8], user_properties: &[(String, String)]) -> Response {
        let property_error = user_properties
            .iter()
            .find(|(key, value)| key == "error" && !value.trim().is_empty())
            .map(|(_, value)| value.clone());
        let json_error = || match crate::json_text::parse(payload) {
            Some(Value::Object(fields)) => match fields.get("error") {
                Some(Value::String(error)) if !error.trim().is_empty() => Some(error.clone()),
                _ => None,
            },
            _ => None,
        };
        match property_error.or_else(json_error) {
            Some(error) => Response { text: shortened(&error), failed: true },
            None => {
                let text = String::from_utf8_lossy(payload);
                let text = if text.trim().is_empty() { "confirmed".into() } else { shortened(&text) };
                Response { text, failed: false }
            }
        }
    }
}

fn shortened(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_and_empty_pick_a_topic_of_this_device() {
        assert_eq!(resolve_response_topic("auto", "d1"), "mqtt-deck/d1/response");
        assert_eq!(resolve_response_topic(" ", "d1"), "mqtt-deck/d1/response");
        assert_eq!(resolve_response_topic("lab/replies", "d1"), "lab/replies");
    }

    #[test]
    fn a_json_error_or_an_error_property_is_a_failure() {
        let failed = Response::read(br#"{"error":"motor jammed"}"#, &[]);
        assert_eq!(failed, Response { text: "motor jammed".into(), failed: true });
        let by_property = Response::read(b"nope", &[("error".into(), "locked out".into())]);
        assert_eq!(by_property, Response { text: "locked out".into(), failed: true });
    }

    #[test]
    fn anything_else_confirms_with_its_text() {
        assert_eq!(Response::read(b"door open", &[]), Response { text: "door open".into(), failed: false });
        assert!(!Response::read(br#"{"error":""}"#, &[]).failed, "an empty error is no error");
        assert!(!Response::read(br#"{"ok":true}"#, &[("other".into(), "x".into())]).failed);
        assert_eq!(Response::read(b"", &[]).text, "confirmed");
        let long = "x".repeat(500);
        assert_eq!(Response::read(long.as_bytes(), &[]).text.chars().count(), SHOWN_CHARS + 1);
    }
}
