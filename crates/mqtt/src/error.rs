//! The codec's error types: [`DecodeError`] for bytes that came off the wire
//! and [`EncodeError`] for values that cannot be put on it. Every variant
//! says what was wrong and, where it helps, in which packet or field.

use crate::packet::PacketType;
use crate::topic::TopicError;

/// Why a byte stream is not a valid MQTT packet.
///
/// Once the decoder reports one of these the stream cannot be trusted any
/// more: the session answers with DISCONNECT (5.0) and closes the connection
/// [MQTT-4.13.1-1].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The fixed header names packet type 0 or 15 under MQTT 3.1.1, or 0.
    #[error("unknown packet type {0} in the fixed header")]
    UnknownPacketType(u8),
    /// The low four bits of the fixed header are not what the packet type requires.
    #[error("{packet} has reserved flag bits {flags:#06b}, which the specification forbids")]
    ReservedFlags {
        /// The packet whose header was wrong.
        packet: PacketType,
        /// The flag bits that were received.
        flags: u8,
    },
    /// A variable byte integer used more than four bytes [MQTT-1.5.5-1].
    #[error("variable byte integer in {field} is longer than 4 bytes")]
    MalformedVariableByteInteger {
        /// The field being read.
        field: &'static str,
    },
    /// The packet ended before a field was complete.
    #[error("{packet} ended while reading {field}")]
    UnexpectedEnd {
        /// The packet being read.
        packet: PacketType,
        /// The field being read.
        field: &'static str,
    },
    /// Bytes were left over after the last field of a packet.
    #[error("{packet} has {extra} unexpected bytes after its last field")]
    TrailingBytes {
        /// The packet being read.
        packet: PacketType,
        /// How many bytes were left over.
        extra: usize,
    },
    /// A packet is larger than the configured maximum packet size.
    #[error("packet of {size} bytes exceeds the maximum packet size of {maximum} bytes")]
    PacketTooLarge {
        /// The packet's full size, fixed header included.
        size: usize,
        /// The largest packet accepted.
        maximum: u32,
    },
    /// A UTF-8 string field is not well-formed UTF-8 [MQTT-1.5.4-1].
    #[error("{field} is not well-formed UTF-8")]
    InvalidUtf8 {
        /// The field being read.
        field: &'static str,
    },
    /// A UTF-8 string field contains U+0000 [MQTT-1.5.4-2].
    #[error("{field} contains the null character U+0000")]
    NullCharacter {
        /// The field being read.
        field: &'static str,
    },
    /// The CONNECT protocol name is not "MQTT" [MQTT-3.1.2-1].
    #[error("protocol name {0:?} is not \"MQTT\"")]
    InvalidProtocolName(String),
    /// The CONNECT protocol level is neither 4 (3.1.1) nor 5 (5.0).
    #[error("protocol level {0} is not supported (4 = MQTT 3.1.1, 5 = MQTT 5.0)")]
    UnsupportedProtocolVersion(u8),
    /// A QoS field holds 3 [MQTT-3.3.1-4].
    #[error("{field} holds QoS 3, which does not exist")]
    InvalidQoS {
        /// The field being read.
        field: &'static str,
    },
    /// A flag combination the specification forbids.
    #[error("{packet}: {problem}")]
    InvalidFlags {
        /// The packet being read.
        packet: PacketType,
        /// What is wrong with its flags.
        problem: &'static str,
    },
    /// A packet identifier is zero where a non-zero one is required [MQTT-2.2.1-3].
    #[error("{packet} carries packet identifier 0, which is not allowed")]
    ZeroPacketIdentifier {
        /// The packet being read.
        packet: PacketType,
    },
    /// A PUBLISH topic name is invalid.
    #[error("invalid topic name: {0}")]
    InvalidTopicName(TopicError),
    /// A SUBSCRIBE or UNSUBSCRIBE topic filter is invalid.
    #[error("invalid topic filter: {0}")]
    InvalidTopicFilter(TopicError),
    /// SUBSCRIBE or UNSUBSCRIBE carries no topic filter [MQTT-3.8.3-3], [MQTT-3.10.3-2].
    #[error("{packet} carries no topic filter")]
    NoTopicFilters {
        /// The packet being read.
        packet: PacketType,
    },
    /// A reason code that is not defined for this packet.
    #[error("reason code {code:#04x} is not valid in {packet}")]
    InvalidReasonCode {
        /// The packet being read.
        packet: PacketType,
        /// The code received.
        code: u8,
    },
    /// A property identifier that MQTT 5.0 does not define.
    #[error("unknown property identifier {0:#04x}")]
    UnknownProperty(u8),
    /// A property that is defined, but not for this packet.
    #[error("property {name} is not allowed in {packet}")]
    PropertyNotAllowed {
        /// The packet being read.
        packet: PacketType,
        /// The property's name.
        name: &'static str,
    },
    /// A property that may appear once appeared more than once.
    #[error("property {0} appears more than once")]
    DuplicateProperty(&'static str),
    /// A property holds a value the specification forbids.
    #[error("property {name} has an invalid value: {problem}")]
    InvalidPropertyValue {
        /// The property's name.
        name: &'static str,
        /// What is wrong with the value.
        problem: &'static str,
    },
    /// Subscription options with reserved bits set or retain handling 3 [MQTT-3.8.3-5].
    #[error("subscription options {0:#010b} are invalid")]
    InvalidSubscriptionOptions(u8),
}

/// Why a value cannot be encoded as an MQTT packet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// A string or binary field is longer than 65,535 bytes.
    #[error("{field} is {len} bytes long; MQTT allows at most 65,535")]
    FieldTooLong {
        /// The field being written.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
    },
    /// The packet would be larger than MQTT's 268,435,455-byte remaining length.
    #[error("packet body of {0} bytes exceeds MQTT's limit of 268,435,455 bytes")]
    PacketTooLarge(usize),
    /// A value the protocol version cannot express.
    #[error("{0}")]
    Unsupported(&'static str),
    /// A field holds a value the decoder would refuse.
    #[error("{field} {problem}")]
    InvalidValue {
        /// The field being written.
        field: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A topic name or filter the decoder would refuse.
    #[error("{field} {topic:?} is invalid: {error}")]
    InvalidTopic {
        /// The field being written.
        field: &'static str,
        /// The topic or filter.
        topic: String,
        /// Why.
        error: TopicError,
    },
    /// A property the packet may not carry (5.0 table 2-4).
    #[error("{packet} may not carry the property {name}")]
    PropertyNotAllowed {
        /// The packet being written.
        packet: PacketType,
        /// The property's name.
        name: &'static str,
    },
    /// A reason code the packet may not carry.
    #[error("reason code {code:#04x} is not valid in {packet}")]
    InvalidReasonCode {
        /// The packet being written.
        packet: PacketType,
        /// The code.
        code: u8,
    },
}
