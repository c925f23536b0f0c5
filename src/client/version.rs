//! Which protocol version a connection's next attempt speaks. A fixed
//! setting is simply used; `"auto"` tries MQTT 5.0 and falls back to 3.1.1
//! when the broker answers a 5.0 CONNECT as a 3.1.1-only broker does (a
//! two-byte CONNACK, return code 1), or ends it before any CONNACK (some
//! 3.1.1-only brokers drop the socket or never answer). What worked is
//! remembered in localStorage per connection, so the next visit starts there.

use mqtt::{DisconnectReason, ProtocolVersion, ReasonCode};

use crate::model::MqttVersion;
use crate::web::local_storage;

fn storage_key(connection_id: &str) -> String {
    format!("mqtt-deck.protocol.{connection_id}")
}

/// What to do after an attempt ended before CONNACK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// Try the other version at once: the broker said it does not speak this one.
    RetryNow,
    /// Use the other version on the next (scheduled) attempt.
    NextAttempt,
    /// Nothing changes.
    None,
}

/// The version choice of one connection.
#[derive(Debug)]
pub struct VersionChoice {
    setting: MqttVersion,
    connection_id: String,
    /// What an auto connection tries next.
    auto_pick: ProtocolVersion,
}

impl VersionChoice {
    /// The choice for a profile's setting, starting from what worked last time.
    pub fn new(setting: MqttVersion, connection_id: &str) -> Self {
        let remembered = local_storage()
            .and_then(|storage| storage.get_item(&storage_key(connection_id)).ok().flatten())
            .and_then(|level| level.parse::<u8>().ok())
            .and_then(ProtocolVersion::from_level);
        VersionChoice {
            setting,
            connection_id: connection_id.to_owned(),
            auto_pick: remembered.unwrap_or(ProtocolVersion::V5),
        }
    }

    /// The version the next CONNECT uses.
    pub fn for_attempt(&self) -> ProtocolVersion {
        self.setting.fixed().unwrap_or(self.auto_pick)
    }

    /// Whether the setting is `"auto"`.
    pub fn is_auto(&self) -> bool {
        self.setting == MqttVersion::Auto
    }

    /// CONNACK accepted `version`: an auto connection remembers it.
    pub fn connected(&mut self, version: ProtocolVersion) {
        if self.is_auto() {
            self.auto_pick = version;
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(&storage_key(&self.connection_id), &version.level().to_string());
            }
        }
    }

    /// An attempt at `version` ended before CONNACK with `reason`.
    pub fn ended_before_connack(&mut self, version: ProtocolVersion, reason: &DisconnectReason) -> Fallback {
        if !self.is_auto() {
            return Fallback::None;
        }
        let other = match version {
            ProtocolVersion::V5 => ProtocolVersion::V311,
            ProtocolVersion::V311 => ProtocolVersion::V5,
        };
        let fallback = match reason {
            DisconnectReason::Refused { reason: ReasonCode::UnsupportedProtocolVersion, .. } => Fallback::RetryNow,
            DisconnectReason::ConnectionLost | DisconnectReason::ConnAckTimeout if version == ProtocolVersion::V5 => {
                Fallback::NextAttempt
            }
            _ => return Fallback::None,
        };
        self.auto_pick = other;
        fallback
    }
}

/// "5.0" or "3.1.1".
pub fn label(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::V5 => "5.0",
        ProtocolVersion::V311 => "3.1.1",
    }
}
