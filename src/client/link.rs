//! What a session outcome means for the user: the [`LinkState`] a
//! connection moves to and the words shown beside it. Pure, so that the
//! mapping is tested on its own.

use mqtt::{DisconnectReason, ReasonCode};

use crate::state::LinkState;

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
/// WebSocket closed, when that is the better explanation of a lost connection.
pub fn after_disconnect(reason: &DisconnectReason, socket_close: Option<String>) -> AfterDisconnect {
    let (state, detail) = match reason {
        DisconnectReason::ByClient => (LinkState::Disconnected, "disconnected".to_owned()),
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
        return format!("cannot reach the broker at {url} (WebSocket code {code})");
    }
    if reason.is_empty() {
        format!("the connection closed (WebSocket code {code})")
    } else {
        format!("the connection closed (WebSocket code {code}: {reason})")
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
