//! A sans-IO MQTT 3.1.1 and 5.0 client: codec, topic filters and the client
//! session state machine. No sockets, no clocks, no web crates: bytes go in
//! and out as slices and vectors, and the time is always an argument, so the
//! same code runs in the browser (wasm32), in the device simulator and in
//! native tests with a virtual clock.
//!
//! # Layout
//!
//! - [`primitives`]: the data representations of section 1.5 (integers,
//!   variable byte integers, UTF-8 strings, binary data), shared by both
//!   protocol versions.
//! - [`properties`]: MQTT 5.0 properties, one type for every packet.
//! - [`reason`]: reason codes, which also carry 3.1.1's return codes.
//! - [`packet`]: one module per control packet with `read`, `write` and
//!   `encoded_len`, the two-step decoder ([`packet::check`], then parse) and
//!   the streaming [`packet::Decoder`].
//! - [`topic`]: topic name and filter validation, matching, and
//!   [`topic::FilterTrie`].
//! - [`session`]: the client [`Session`]: connect, keep alive, subscriptions,
//!   QoS 0/1/2 in both directions, resend on resume, topic aliases, the
//!   offline queue, the server's limits. Split as quinn-proto splits its
//!   connection: options, events, outbound and inbound state, the publish
//!   and subscription flows, packet fitting and named timers.
//! - [`packet`] also holds the encoder's checks: `write` refuses what the
//!   decoder would refuse, naming the field.
//! - [`error`]: [`DecodeError`] and [`EncodeError`].

#![warn(missing_docs)]

pub mod error;
pub mod packet;
pub mod primitives;
pub mod properties;
pub mod reason;
pub mod session;
pub mod topic;

pub use error::{DecodeError, EncodeError};
pub use packet::{Decoder, LastWill, Packet, PacketType, Publish, Subscription, SubscriptionOptions};
pub use properties::Properties;
pub use reason::ReasonCode;
pub use session::{
    ConnectOptions, DisconnectReason, Event, MessageId, ServerLimits, Session, SessionConfig, SessionError,
};

/// Quality of service of a message [MQTT-4.3].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum QoS {
    /// QoS 0: at most once.
    #[default]
    AtMostOnce = 0,
    /// QoS 1: at least once.
    AtLeastOnce = 1,
    /// QoS 2: exactly once.
    ExactlyOnce = 2,
}

impl QoS {
    /// The QoS for two bits, refusing 3.
    pub fn from_bits(bits: u8, field: &'static str) -> Result<Self, DecodeError> {
        match bits {
            0 => Ok(QoS::AtMostOnce),
            1 => Ok(QoS::AtLeastOnce),
            2 => Ok(QoS::ExactlyOnce),
            _ => Err(DecodeError::InvalidQoS { field }),
        }
    }

    /// The QoS for a number 0, 1 or 2, as written in settings files.
    pub fn from_number(number: u8) -> Option<Self> {
        QoS::from_bits(number, "QoS").ok()
    }
}

/// The protocol level spoken on a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ProtocolVersion {
    /// MQTT 3.1.1, protocol level 4.
    V311,
    /// MQTT 5.0, protocol level 5.
    #[default]
    V5,
}

impl ProtocolVersion {
    /// The protocol level byte of CONNECT.
    pub fn level(self) -> u8 {
        match self {
            ProtocolVersion::V311 => 4,
            ProtocolVersion::V5 => 5,
        }
    }

    /// The version for a protocol level byte.
    pub fn from_level(level: u8) -> Option<Self> {
        match level {
            4 => Some(ProtocolVersion::V311),
            5 => Some(ProtocolVersion::V5),
            _ => None,
        }
    }
}
