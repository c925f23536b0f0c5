//! What a session outcome means for the user: the [`LinkState`] a
//! connection moves to and the words shown beside it. Pure, so that the
//! mapping is tested on its own.

use mqtt::{DisconnectReason, ProtocolVersion, QoS, ReasonCode};

use crate::state::{LinkState, PublishOutcome};

/// What the driver does after the session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfterDisconnect {
    /// The state to show.
    pub state: LinkState,
    /// Why, in words.
    pub detail: String,
}

impl AfterDisconnect {
    /// Whether a reconnect attempt should be scheduled.
    pub fn retries(&self) -> bool {
        self.state == LinkState::Reconnecting
    }
}

/// Maps the end of a session to a state. `socket_close` describes how the
/// WebSocket closed, when that is the better explanation of a lost
/// connection; `attempted` is the protocol version the CONNECT spoke.
pub fn after_disconnect(
    reason: &DisconnectReason,
    attempted: ProtocolVersion,
    socket_close: Option<String>,
) -> AfterDisconnect {
    let (state, detail) = match reason {
        DisconnectReason::ByClient => (LinkState::Disconnected, "disconnected".to_owned()),
        DisconnectReason::Refused { reason: ReasonCode::UnsupportedProtocolVersion, .. } => {
            let (spoken, other) = match attempted {
                ProtocolVersion::V5 => ("5.0", "3.1.1"),
                ProtocolVersion::V311 => ("3.1.1", "5.0"),
            };
            let advice = format!("this broker does not support MQTT {spoken}; use {other} (or auto) in its settings");
            (LinkState::Failed, advice)
        }
        DisconnectReason::Refused { reason: code, .. } if is_permanent_refusal(*code) => {
            (LinkState::Failed, reason.to_string())
        }
        DisconnectReason::ConnectionLost => {
            (LinkState::Reconnecting, socket_close.unwrap_or_else(|| reason.to_string()))
        }
        _ => (LinkState::Reconnecting, reason.to_string()),
    };
    AfterDisconnect { state, detail }
}

/// How a WebSocket close reads to the user.
pub fn describe_close(url: &str, code: u16, reason: &str, was_open: bool) -> String {
    if !was_open {
        return format!(
            "cannot reach the broker at {url} (WebSocket code {code}): nothing answers there, or the server \
             refused the WebSocket handshake; {}",
            path_hint(url)
        );
    }
    if reason.is_empty() {
        format!("the connection closed (WebSocket code {code})")
    } else {
        format!("the connection closed (WebSocket code {code}: {reason})")
    }
}

/// A likely cause of a failed handshake: many brokers serve MQTT over
/// WebSocket only at one path, often `/mqtt`, and answer others with HTTP
/// 404, which the browser reports only as code 1006.
fn path_hint(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |start| &after_scheme[start..]);
    match path {
        "" | "/" => "if the broker serves MQTT at a path, add it to the URL (many use /mqtt)".to_owned(),
        "/mqtt" => "check the host and port, and that the broker serves MQTT over WebSocket at /mqtt".to_owned(),
        other => format!("check that {other} is the broker's MQTT path (many use /mqtt)"),
    }
}

/// CONNACK refusals that retrying cannot fix: the user must change something.
pub fn is_permanent_refusal(reason: ReasonCode) -> bool {
    matches!(
        reason,
        ReasonCode::BadUserNameOrPassword
            | ReasonCode::NotAuthorized
            | ReasonCode::ClientIdentifierNotValid
            | ReasonCode::UnsupportedProtocolVersion
            | ReasonCode::Banned
            | ReasonCode::BadAuthenticationMethod
    )
}

/// How the broker's answer to a QoS 1 or 2 publish reads: PUBACK or
/// PUBCOMP's reason, with its reason string.
pub fn publish_outcome(reason: ReasonCode, reason_string: Option<String>) -> PublishOutcome {
    let text = match reason_string {
        Some(text) => format!("{} ({text})", reason.description()),
        None => reason.description().to_owned(),
    };
    if reason.is_error() {
        PublishOutcome::Refused(text)
    } else {
        PublishOutcome::Acknowledged(text)
    }
}

/// The filters SUBACK refused, in words, if any.
pub fn refused_subscriptions(results: &[(String, Result<QoS, ReasonCode>)]) -> Option<String> {
    let refused: Vec<String> = results
        .iter()
        .filter_map(|(filter, result)| result.err().map(|reason| format!("{filter}: {}", reason.description())))
        .collect();
    (!refused.is_empty()).then(|| format!("the broker refused subscriptions: {}", refused.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broker_without_5_0_is_a_final_failure_that_says_which_version_to_use() {
        let refused = DisconnectReason::Refused { reason: ReasonCode::UnsupportedProtocolVersion, reason_string: None };
        let next = after_disconnect(&refused, ProtocolVersion::V5, None);
        assert_eq!(next.state, LinkState::Failed);
        assert!(!next.retries());
        assert_eq!(next.detail, "this broker does not support MQTT 5.0; use 3.1.1 (or auto) in its settings");
    }

    #[test]
    fn refusals_name_the_filter_and_the_reason_and_acks_keep_the_reason_string() {
        let results =
            vec![("ok/#".to_owned(), Ok(QoS::AtLeastOnce)), ("secret/#".to_owned(), Err(ReasonCode::NotAuthorized))];
        assert_eq!(
            refused_subscriptions(&results).unwrap(),
            "the broker refused subscriptions: secret/#: not authorized"
        );
        assert_eq!(refused_subscriptions(&results[..1]), None);
        assert_eq!(
            publish_outcome(ReasonCode::QuotaExceeded, Some("slow down".into())),
            PublishOutcome::Refused("quota exceeded (slow down)".into())
        );
        assert_eq!(publish_outcome(ReasonCode::Success, None), PublishOutcome::Acknowledged("success".into()));
    }

    #[test]
    fn a_handshake_that_fails_before_opening_names_the_path_as_a_likely_cause() {
        let without_path = describe_close("ws://127.0.0.1:9001", 1006, "", false);
        assert!(without_path.contains("many use /mqtt"), "{without_path}");
        let with_path = describe_close("ws://broker.example:8080/ws", 1006, "", false);
        assert!(with_path.contains("check that /ws is the broker's MQTT path (many use /mqtt)"), "{with_path}");
        let usual = describe_close("ws://broker.example:8083/mqtt", 1006, "", false);
        assert!(usual.contains("check the host and port"), "{usual}");
        assert_eq!(describe_close("ws://a", 1000, "bye", true), "the connection closed (WebSocket code 1000: bye)");
    }
}
